"""Collecting job postings: the jobs-API client, the collector, sample data and cleanup."""
