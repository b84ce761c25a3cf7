"""`python -m bench [NAME ...]`: run benchmarks, each in its own process, then list the results."""

from __future__ import annotations

import re
import subprocess
import sys

BENCHMARKS = ["extraction", "ingest", "parse", "market", "telegram", "digests", "load"]
RESULT = re.compile(r"^[\w.-]+: figure=\S+ target=\S+$")


def main() -> int:
    names = sys.argv[1:] or BENCHMARKS
    results: list[str] = []
    failed = False
    for name in names:
        print(f"== {name}", flush=True)
        proc = subprocess.run(
            [sys.executable, "-m", f"bench.{name}"], stdout=subprocess.PIPE, text=True, check=False
        )
        print(proc.stdout, end="", flush=True)
        results += [line for line in proc.stdout.splitlines() if RESULT.match(line)]
        failed |= proc.returncode != 0
    print("== results")
    for line in results:
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
