"""Parser speed: `career-bot parse --jsonl` over many utterances, model loaded once."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import note, result

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT.parent / "shared" / "nlu-dev.jsonl",
    ROOT / "tests" / "core" / "nlu" / "paraphrases.jsonl",
]
COUNT = 20_000
TARGET = 1000


def main() -> None:
    texts = [
        json.loads(line)["text"]
        for path in SOURCES
        if path.exists()
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    # Vary each copy a little so nothing is served from a cache of identical strings.
    lines = [json.dumps({"text": f"{texts[i % len(texts)]} #{i}"}) for i in range(COUNT)]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    command = [sys.executable, "-m", "bot", "parse", "--jsonl"]
    started = time.perf_counter()
    subprocess.run([*command, "-"], input="", capture_output=True, text=True, check=True, cwd=ROOT)
    startup = time.perf_counter() - started
    started = time.perf_counter()
    out = subprocess.run(
        [*command, handle.name], capture_output=True, text=True, check=True, cwd=ROOT
    )
    elapsed = time.perf_counter() - started
    Path(handle.name).unlink()
    assert len(out.stdout.splitlines()) == COUNT
    rate = COUNT / (elapsed - startup)
    note(f"{COUNT} utterances in {elapsed:.1f} s including {startup:.1f} s start-up")
    result("parse_utterances_per_second", f"{rate:.0f}", f">={TARGET}")


if __name__ == "__main__":
    main()
