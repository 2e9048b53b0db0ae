"""When the bot speaks: question detection, per-user cooldown, repeat pointers.

Pure Python with an injectable clock, so the Discord cogs stay thin and these
rules are tested without Discord.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

from bot.engine.text import MAX_QUESTION_CHARS

Clock = Callable[[], float]

_QUESTION_WORDS = frozenset(
    [
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "which",
        "is",
        "are",
        "was",
        "were",
        "am",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "has",
        "have",
        "had",
    ]
)
_ASK_OPENERS = (
    "tell me",
    "anyone know",
    "does anyone know",
    "any idea",
    "i wonder",
    "i'm wondering",
    "im wondering",
    "explain",
    "remind me",
    "what's",
    "whats",
    "who's",
    "when's",
    "where's",
    "how's",
)
_URL = re.compile(r"https?://\S+")
_CUSTOM_EMOJI = re.compile(r"<a?:\w+:\d+>")
_DISCORD_TOKEN = re.compile(r"<[@#][!&]?\d+>")
_WORD = re.compile(r"[\w']+")


def looks_like_question(text: str) -> bool:
    """Guess whether an unprompted message in an answer channel is a question.

    Conservative on purpose: silence is cheaper than answering chatter.
    """
    cleaned = _CUSTOM_EMOJI.sub(" ", _DISCORD_TOKEN.sub(" ", _URL.sub(" ", text))).strip()
    if not cleaned or len(cleaned) > MAX_QUESTION_CHARS:
        return False
    if cleaned.startswith(("!", "/", ">", "```")):
        return False
    words = _WORD.findall(cleaned.casefold())
    if len(words) < 3:
        return False
    lowered = " ".join(words)
    if cleaned.rstrip().endswith("?"):
        return True
    if words[0] in _QUESTION_WORDS and len(words) >= 4:
        return True
    return lowered.startswith(_ASK_OPENERS)


def normalize_question(text: str) -> str:
    """The key under which two askings count as the same question."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(folded))


class Cooldown:
    """At most `count` questions per `seconds` for each key (a sliding window).

    `hit` records an attempt and says how long to wait when over the limit;
    `refund` takes it back when the caller stayed silent after all;
    `should_warn` lets the caller say "slow down" only once per window.
    """

    def __init__(
        self, count: int, seconds: float, *, clock: Clock = time.monotonic, max_keys: int = 10_000
    ) -> None:
        if count < 1 or seconds <= 0:
            raise ValueError("cooldown needs count >= 1 and seconds > 0")
        self.count = count
        self.seconds = seconds
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[Hashable, deque[float]] = {}
        self._warned: dict[Hashable, float] = {}

    def _window(self, key: Hashable, now: float) -> deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self._max_keys:
                self._prune(now)
            hits = self._hits[key] = deque()
        while hits and now - hits[0] >= self.seconds:
            hits.popleft()
        return hits

    def _prune(self, now: float) -> None:
        stale = [k for k, h in self._hits.items() if not h or now - h[-1] >= self.seconds]
        for key in stale:
            del self._hits[key]
            self._warned.pop(key, None)

    def retry_after(self, key: Hashable) -> float:
        """Seconds until `key` may ask again (0.0 when it may ask now); records nothing."""
        now = self._clock()
        hits = self._window(key, now)
        if len(hits) < self.count:
            return 0.0
        return max(0.0, self.seconds - (now - hits[0]))

    def hit(self, key: Hashable) -> float:
        """Record a question by `key`; return 0.0 if allowed, else the seconds to wait."""
        now = self._clock()
        hits = self._window(key, now)
        if len(hits) >= self.count:
            return max(0.0, self.seconds - (now - hits[0])) or 1e-3
        hits.append(now)
        return 0.0

    def refund(self, key: Hashable) -> None:
        """Take back `key`'s latest recorded question, for one that got no reply after all."""
        hits = self._hits.get(key)
        if hits:
            hits.pop()

    def should_warn(self, key: Hashable) -> bool:
        """True the first time in a window that `key` is told to slow down."""
        now = self._clock()
        last = self._warned.get(key)
        if last is not None and now - last < self.seconds:
            return False
        self._warned[key] = now
        return True


class RepeatTracker:
    """Remembers where each question was answered, per channel, for a while.

    A repeat of the same (normalized) question in the same channel within the
    window gets a pointer to the earlier answer instead of a second copy.
    """

    def __init__(
        self, window_seconds: float, *, clock: Clock = time.monotonic, max_entries: int = 5_000
    ) -> None:
        self.window = window_seconds
        self._clock = clock
        self._max = max_entries
        self._seen: OrderedDict[tuple[int, str], tuple[float, str]] = OrderedDict()

    def lookup(self, channel_id: int, question: str) -> str | None:
        """The earlier answer's link if this question was answered here recently."""
        if self.window <= 0:
            return None
        key = (channel_id, normalize_question(question))
        if not key[1]:
            return None
        entry = self._seen.get(key)
        if entry is None:
            return None
        when, link = entry
        if self._clock() - when >= self.window:
            del self._seen[key]
            return None
        return link

    def record(self, channel_id: int, question: str, link: str) -> None:
        """Remember that `question` was answered in `channel_id` by the message at `link`."""
        if self.window <= 0:
            return
        key = (channel_id, normalize_question(question))
        if not key[1]:
            return
        self._seen.pop(key, None)
        self._seen[key] = (self._clock(), link)
        while len(self._seen) > self._max:
            self._seen.popitem(last=False)
