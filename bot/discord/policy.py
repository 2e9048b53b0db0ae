"""When the bot speaks: question detection and repeat pointers (flood control: flood.py).

Pure Python with an injectable clock, so the Discord cogs stay thin and these
rules are tested without Discord.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable

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


class RepeatTracker:
    """Remembers where each question was answered, per channel, for a while.

    A repeat of the same (normalized) question in the same channel within the
    window gets a pointer to the earlier answer instead of a second copy, but only
    while the knowledge is the version that answered it: after a reload that changed
    the knowledge, the question is answered afresh.
    """

    def __init__(
        self, window_seconds: float, *, clock: Clock = time.monotonic, max_entries: int = 5_000
    ) -> None:
        self.window = window_seconds
        self._clock = clock
        self._max = max_entries
        self._seen: OrderedDict[tuple[int, str, str], tuple[float, str]] = OrderedDict()

    def lookup(self, channel_id: int, question: str, version: str) -> str | None:
        """The earlier answer's link if this question was answered here recently, from
        knowledge `version`."""
        if self.window <= 0:
            return None
        key = (channel_id, version, normalize_question(question))
        if not key[2]:
            return None
        entry = self._seen.get(key)
        if entry is None:
            return None
        when, link = entry
        if self._clock() - when >= self.window:
            del self._seen[key]
            return None
        return link

    def record(self, channel_id: int, question: str, link: str, version: str) -> None:
        """Remember that `question` was answered in `channel_id` by the message at `link`,
        from knowledge `version`."""
        if self.window <= 0:
            return
        key = (channel_id, version, normalize_question(question))
        if not key[2]:
            return
        self._seen.pop(key, None)
        self._seen[key] = (self._clock(), link)
        while len(self._seen) > self._max:
            self._seen.popitem(last=False)
