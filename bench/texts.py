"""Posting texts of realistic length for benchmarks, from the bundled sample postings."""

from __future__ import annotations

from core.collection.samples import read_samples


def posting_texts(count: int, length: int = 3000) -> list[str]:
    """`count` texts of about `length` characters, made by joining sample descriptions."""
    samples = read_samples()
    texts: list[str] = []
    i = 0
    while len(texts) < count:
        parts: list[str] = []
        while sum(len(p) for p in parts) < length:
            job = samples[i % len(samples)]
            parts.append(f"{job.job_title}\n{job.description}")
            i += 1
        texts.append("\n\n".join(parts)[:length])
    return texts
