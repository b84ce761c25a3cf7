"""The parser on the labelled development set: intent accuracy and slot F1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.nlu.parser import IntentParser

DEV_SET = Path(__file__).resolve().parents[4] / "shared" / "nlu-dev.jsonl"


def slot_pairs(slots: dict[str, Any]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for name, value in slots.items():
        values = value if isinstance(value, list) else [value]
        pairs |= {(name, str(v)) for v in values}
    return pairs


def score(path: Path) -> tuple[float, float]:
    """Intent accuracy and slot F1 of the parser on a labelled file."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    results = IntentParser().parse_many(r["text"] for r in rows)
    correct = true_pos = false_pos = false_neg = 0
    for row, intent in zip(rows, results, strict=True):
        got = intent.to_dict()
        correct += got["intent"] == row["intent"]
        found, wanted = slot_pairs(got["slots"]), slot_pairs(row["slots"])
        true_pos += len(found & wanted)
        false_pos += len(found - wanted)
        false_neg += len(wanted - found)
    accuracy = correct / len(rows)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"\n{path.name} ({len(rows)}): intent accuracy={accuracy:.3f} slot F1={f1:.3f}")
    return accuracy, f1


def test_intent_accuracy_and_slot_f1_on_the_dev_set() -> None:
    accuracy, f1 = score(DEV_SET)
    assert accuracy >= 0.95
    assert f1 >= 0.90


def test_paraphrases_written_apart_from_the_dev_set() -> None:
    # Our own wordings of every intent, to keep the parser general rather than tuned to
    # the development set's sentences.
    accuracy, f1 = score(Path(__file__).with_name("paraphrases.jsonl"))
    assert accuracy >= 0.95
    assert f1 >= 0.90
