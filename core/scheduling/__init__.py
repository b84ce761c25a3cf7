"""Exactly-once work across processes sharing one database."""
