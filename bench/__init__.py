"""Benchmarks: each module prints its figures and ends with `NAME: figure=value target=value`."""
