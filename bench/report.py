"""Shared helpers for benchmark output and measurements."""

from __future__ import annotations

import resource
import sys


def result(name: str, figure: str, target: str) -> None:
    """The closing line `make bench` collects."""
    print(f"{name}: figure={figure} target={target}", flush=True)


def note(text: str) -> None:
    """A progress or detail line."""
    print(f"  {text}", file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
