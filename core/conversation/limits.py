"""A per-person message limit: a friendly notice once, then silence until the minute passes."""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field
from time import monotonic
from typing import Literal

Verdict = Literal["ok", "notice", "silent"]
WINDOW = 60.0
TRACKED = 100_000


@dataclass
class RateLimit:
    """At most `per_minute` messages a person in any minute, counted in this process."""

    per_minute: int = 20
    _seen: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)
    _noticed: dict[str, float] = field(default_factory=dict)

    def check(self, who: str, now: float | None = None) -> Verdict:
        """Whether to answer this message, say "slow down" once, or stay silent."""
        if self.per_minute <= 0:
            return "ok"
        now = monotonic() if now is None else now
        times = self._seen.pop(who, None) or deque()
        self._seen[who] = times  # most recently active last, for trimming
        while times and now - times[0] >= WINDOW:
            times.popleft()
        if len(self._seen) > TRACKED:
            oldest, _ = self._seen.popitem(last=False)
            self._noticed.pop(oldest, None)
        if len(times) < self.per_minute:
            times.append(now)
            self._noticed.pop(who, None)
            return "ok"
        # Over the limit: one notice per burst, so a flood gets one reply, not a flood back.
        if who in self._noticed and now - self._noticed[who] < WINDOW:
            return "silent"
        self._noticed[who] = now
        return "notice"
