"""Flood control: token buckets per member and per channel, with a burst.

A member may ask `burst` questions at once, then one more every `refill_seconds`:
a lively conversation of follow-ups never hits the limit, a script does. Pure
Python with an injectable clock, so the rules are tested without Discord.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float
    warned_at: float | None = None


class TokenBucket:
    """`burst` tokens per key, refilled at one per `refill_seconds`.

    `hit` takes a token (0.0) or says how long until the next one; `refund`
    gives one back for a question that got no reply after all; `should_warn`
    is True once per window (the time an empty bucket takes to fill), so a
    flooding member gets one notice, then quiet signs (a reaction).
    """

    def __init__(
        self,
        burst: int,
        refill_seconds: float,
        *,
        clock: Clock = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        if burst < 1 or refill_seconds <= 0:
            raise ValueError("a token bucket needs burst >= 1 and refill_seconds > 0")
        self.burst = burst
        self.refill_seconds = refill_seconds
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[Hashable, _Bucket] = {}

    @property
    def full_seconds(self) -> float:
        """Seconds an empty bucket takes to fill again."""
        return self.burst * self.refill_seconds

    def _bucket(self, key: Hashable, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self._max_keys:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            return bucket
        elapsed = max(0.0, now - bucket.stamp)
        bucket.tokens = min(float(self.burst), bucket.tokens + elapsed / self.refill_seconds)
        bucket.stamp = now
        return bucket

    def _prune(self, now: float) -> None:
        """Forget keys whose buckets are full again (they behave like new keys)."""
        full = [
            key
            for key, b in self._buckets.items()
            if b.tokens + (now - b.stamp) / self.refill_seconds >= self.burst
        ]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) >= self._max_keys:  # everyone is busy: drop the oldest
            oldest = min(self._buckets, key=lambda k: self._buckets[k].stamp)
            del self._buckets[oldest]

    def retry_after(self, key: Hashable) -> float:
        """Seconds until `key` has a token (0.0 now); takes nothing."""
        bucket = self._bucket(key, self._clock())
        return 0.0 if bucket.tokens >= 1.0 else (1.0 - bucket.tokens) * self.refill_seconds

    def hit(self, key: Hashable) -> float:
        """Take a token for `key`: 0.0 when allowed, else the seconds until one is back."""
        bucket = self._bucket(key, self._clock())
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return max((1.0 - bucket.tokens) * self.refill_seconds, 1e-3)

    def refund(self, key: Hashable) -> None:
        """Give back the token of a question that got no reply after all."""
        bucket = self._buckets.get(key)
        if bucket is not None:
            bucket.tokens = min(float(self.burst), bucket.tokens + 1.0)

    def should_warn(self, key: Hashable) -> bool:
        """True the first time `key` is refused in a window, False after that."""
        now = self._clock()
        bucket = self._bucket(key, now)
        if bucket.warned_at is not None and now - bucket.warned_at < self.full_seconds:
            return False
        bucket.warned_at = now
        return True
