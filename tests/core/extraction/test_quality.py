"""Extraction quality on hand-labelled posting excerpts (precision and recall over pairs)."""

from __future__ import annotations

import json
from pathlib import Path

from core.extraction.extractor import SkillExtractor

LABELLED = Path(__file__).with_name("labelled_postings.jsonl")


def test_precision_and_recall_on_the_labelled_set() -> None:
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    assert len(rows) >= 100
    extractor = SkillExtractor()
    found = extractor.extract_many(r["text"] for r in rows)
    true_pos = false_pos = false_neg = 0
    misses: list[str] = []
    for row, skills in zip(rows, found, strict=True):
        expected, got = set(row["skills"]), set(skills)
        true_pos += len(expected & got)
        false_pos += len(got - expected)
        false_neg += len(expected - got)
        misses += [
            f"{row['id']} +{sorted(got - expected)} -{sorted(expected - got)}"
            for _ in [0]
            if got != expected
        ]
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"\nextraction on {len(rows)} excerpts: precision={precision:.3f} recall={recall:.3f}")
    print("\n".join(misses[:40]))
    assert precision >= 0.90
    assert recall >= 0.85
