"""Validate the taxonomy data files and print a summary of them."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.taxonomy.catalog import DATA_DIR, load_taxonomy
from core.taxonomy.validation import find_problems


def main() -> int:
    problems = find_problems(DATA_DIR)
    for line in problems:
        print(line)
    taxonomy = load_taxonomy()
    categories = Counter(s.category for s in taxonomy.skills.values())
    print(f"{len(taxonomy.skills)} skills, {len(taxonomy.roles)} roles, {len(problems)} problems")
    print(", ".join(f"{k}={v}" for k, v in sorted(categories.items())))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
