"""What someone said: "what did the state department say when it was restored" asks for
a statement by the state department, and a fact about the restoration that quotes the
foreign ministry does not give it.

Near-topic traps of this shape match every word of a fact ("how did the japanese
embassy respond to the candlelight vigil": the vigil was held outside the embassy).
The fact answers only when it has the asker's speaker next to a word of saying
("Esper told Moon", "according to Harris").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.engine.query import Concept, Query
from bot.engine.rank import coverage
from bot.engine.vocab import Vocab

_AUXILIARIES = frozenset({"did", "does", "do", "would", "will", "has", "have"})
_ASKS_SAID = frozenset(
    {"say", "tell", "respond", "react", "reply", "comment", "claim", "answer", "announce"}
)
"""The verb after "what did X ..." / "how did X ..." that asks for a statement."""
_MAX_SPEAKER_WORDS = 5
_SAYING_WORDS = (
    "said says say saying told tells tell telling responded responds reacted reacts replied "
    "replies commented comments claimed claims announced announces stated according added "
    "noted warned argued argues insisted explained asked urged wrote writes answered vowed "
    "pledged confirmed denied criticized criticised blamed quoted insists maintained "
    "suggested speculated predicted"
)
_SAYING = re.compile(rf"\b({'|'.join(_SAYING_WORDS.split())})\b", re.IGNORECASE)
"""Words of saying ("States" of "United States" is not one: no "states" here)."""
_WINDOW = 60
"""Characters either side of a word of saying that may hold its speaker."""
_APPOSITIVE = re.compile(r",[^,.;:!?]{1,120},\s*$")
"""A phrase set off by commas right before a word of saying: the speaker stands before it
("Hwang Jang-yop, the most senior North Korean figure to defect to South Korea, said")."""


def asked_speaker(query: Query) -> list[Concept] | None:
    """The speaker's concepts of a "what did X say" question, or None for other questions."""
    if query.qword not in ("what", "how"):
        return None
    lows = [t.low for t in query.tokens]
    for i, low in enumerate(lows):
        if low not in _AUXILIARIES:
            continue
        for j in range(i + 2, min(len(lows), i + 2 + _MAX_SPEAKER_WORDS)):
            if lows[j] in _ASKS_SAID:
                words = set(lows[i + 1 : j])
                speaker = [c for c in query.concepts if set(c.label.split()) & words]
                return speaker or None
        return None
    return None


_TOLD = frozenset({"told", "tells", "tell", "telling", "asked", "urged", "warned"})
"""Words of saying with an object: who follows them was spoken to ("Esper told Moon"),
so the speaker is only the one before them."""


def names_speaker(speaker: Collection[Concept], text: str, vocab: Vocab) -> bool:
    """Whether the text has every word of the speaker (or a synonym) near one word of
    saying: "the us state department" is not "the foreign ministry said", though the
    archive's synonyms make "department" a "ministry"."""
    saying = set(vocab.text_ids(_SAYING_WORDS))
    for match in _SAYING.finditer(text):
        before = match.start()
        aside = _APPOSITIVE.search(text, max(0, before - 125), before)
        if aside is not None:
            before = aside.start()
        after = 0 if match.group(0).lower() in _TOLD else _WINDOW
        window = text[max(0, before - _WINDOW) : match.end() + after]
        # the saying words themselves never count as the speaker ("state" is a synonym
        # of "say" in the archive's synonym groups)
        terms = set(vocab.text_ids(window)) - saying
        if all(coverage(concept, terms) > 0 for concept in speaker):
            return True
    return False
