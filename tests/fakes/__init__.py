"""Local fake servers that speak external APIs, for tests."""
