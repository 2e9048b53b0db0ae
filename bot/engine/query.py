"""From question text to weighted concepts: typo repair, synonyms, intents and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine import intents
from bot.engine.dates import Period, find_period
from bot.engine.intents import Intent
from bot.engine.text import (
    CHAT_SPELLINGS,
    MAX_TERMS,
    QUESTION_WORDS,
    WORD_RE,
    clean,
    is_content,
    surface,
    term_of,
    word_set,
)
from bot.engine.vocab import Vocab

MAX_REPAIRS = 8
"""Typo repair scans vocabulary buckets: at most this many unknown words per question."""
SYNONYM_WEIGHT = 0.9
"""Credit for matching a synonym instead of the word itself."""

LATEST_WORDS = frozenset({"latest", "newest", "recent", "recently", "last", "new", "lately"})
POST_WORDS = frozenset(
    {
        "post",
        "posts",
        "article",
        "articles",
        "entry",
        "entries",
        "update",
        "updates",
        "blog",
        "story",
        "stories",
        "piece",
        "news",
        "posted",
        "published",
        "publish",
        "write",
        "wrote",
        "written",
        "writeup",
    }
)
EVENT_WORDS = frozenset(
    {
        "happen",
        "happened",
        "happening",
        "happens",
        "occur",
        "occurred",
        "event",
        "events",
        "go",
        "going",
        "went",
        "took",
        "take",
        "place",
        "news",
        "new",
        "summer",
        "winter",
        "spring",
        "autumn",
        "fall",
        "early",
        "late",
        "mid",
        "middle",
    }
)
"""Words of "what happened in <period>" that name no topic (and the words that narrow
the period: "the summer of 2019", "mid-November", "late 2019")."""

WEAK_WORDS = word_set(
    """
    want wanted wants give gave given get got getting make made makes take took taken come
    came comes go goes went gone look looks looked see saw seen seem seems think thought
    mean means meant need needs try tried use used way thing lot much many still even ever
    time times one part point put show shows showed find found keep let lets call called ask
    asked happen happened happens doing done bring brought kind sort stuff whole exactly
    actually basically probably maybe guys guy anyone someone people deal
    """
)
"""Common English words that are not stopwords but say little about which fact is meant.

Their idf in a small archive is high only by chance, so they weigh less.
"""
LEAD_IN_VERBS = word_set(
    """
    threaten threatens threatened threatening plan plans planned planning intend intends
    intended intending seek seeks sought vow vows vowed attempt attempts attempted hope
    hopes hoped hoping wish wished
    """
)
"""Verbs of intent before "to": "why did korea threaten to quit gsomia" asks why it would
quit; the threat is no topic of its own that a fact must hold."""
LIST_WORDS = frozenset({"list", "display", "link", "give", "recent", "most"})
"""Request words of "show me / list the latest posts" that name no topic."""
WEAK_FACTOR = 0.35
UNKNOWN_FACTOR = 0.8
"""Weight of a word the archive never uses, relative to the rarest known word."""
SHORT_UNKNOWN_FACTOR = 0.3
"""Unknown words of three letters or fewer are mostly chat noise ("lol", "yr")."""
INTENT_SKIP = LATEST_WORDS | POST_WORDS | WEAK_WORDS | LIST_WORDS | intents.INTENT_WORDS
"""Words of an archive question ("latest post about X") that name no topic."""
FRAME_WORDS = frozenset({"date", "year", "yr", "day", "weekday", "time", "month", "age"})
"""After "what"/"which", these ask for a date ("on what date") and name no topic."""


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing the question mentions, and the term sets that count as mentioning it."""

    alts: tuple[tuple[int, ...], ...]
    """Alternatives (each a tuple of term ids); the first is the question's own word."""
    weight: float
    label: str
    known: bool
    """False when neither the word nor any synonym occurs in the archive."""


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the question."""

    low: str
    acronym: bool
    content: bool


@dataclass(slots=True)
class Query:
    """A parsed question."""

    text: str
    tokens: list[Token]
    concepts: list[Concept] = field(default_factory=list)
    qword: str | None = None
    """The question word (when/who/why/where/how/what/which) if any."""
    how_many: bool = False
    period: Period | None = None
    intent: Intent | None = None
    """A question about the archive itself (newest/oldest post, how many, the blogger's view)."""
    weight: float = 0.0
    """Total concept weight."""
    date_only: bool = False
    """A period question with no other content ("what happened in November 2019?")."""

    def set_concepts(self, concepts: list[Concept]) -> None:
        """Replace the concepts (and their total weight)."""
        self.concepts = concepts
        self.weight = sum(c.weight for c in concepts)


class SynonymTable:
    """Curated groups of words and phrases, matched on term sequences."""

    def __init__(self, vocab: Vocab, groups: tuple[tuple[str, ...], ...]) -> None:
        self.phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.keys: set[str] = set()
        """Every word key of every member (such words are never typo-repaired)."""
        self.alts: list[tuple[tuple[int, ...], ...]] = []
        for members in groups:
            gid = len(self.alts)
            alts: list[tuple[int, ...]] = []
            for member in members:
                keys = _keys(member)
                if not keys:
                    continue
                self.phrases.setdefault(keys[0], []).append((keys, gid))
                self.keys.update(keys)
                ids = _content_ids(vocab, member)
                if ids is not None and ids not in alts:
                    alts.append(ids)
            self.alts.append(tuple(alts))
        for entries in self.phrases.values():
            entries.sort(key=lambda e: -len(e[0]))

    def match(self, keys: list[str], start: int) -> tuple[int, int] | None:
        """(group id, phrase length) of the longest phrase starting at keys[start]."""
        for phrase, gid in self.phrases.get(keys[start], ()):
            end = start + len(phrase)
            if end <= len(keys) and tuple(keys[start:end]) == phrase:
                return gid, len(phrase)
        return None


def _key(low: str, acronym: bool) -> str:
    return term_of(low, acronym) if is_content(low, acronym) else low


def _keys(text: str) -> tuple[str, ...]:
    return tuple(_key(*surface(w)) for w in WORD_RE.findall(clean(text)))


def _content_ids(vocab: Vocab, text: str) -> tuple[int, ...] | None:
    """Term ids of a synonym member, or None when it cannot be matched in the archive.

    A phrase that keeps a single content word ("run out" -> "run") would match
    far too much, so it only works in questions, not as an alternative.
    """
    ids: list[int] = []
    found = WORD_RE.findall(clean(text))
    for word in found:
        low, acronym = surface(word)
        if not is_content(low, acronym):
            if len(found) > 1 and sum(is_content(*surface(w)) for w in found) < 2:
                return None
            continue
        tid = vocab.lookup(low, acronym)
        if tid is None:
            return None
        if tid not in ids:
            ids.append(tid)
    return tuple(ids) if ids else None


_SPACES_RE = re.compile(r"\s+")
_PREAMBLE_RE = re.compile(
    r"^(?:(?:please\s+)?help(?:\s+me)?|(?:quick\s+)?q(?:uestion)?|hey|hi|hello|yo)"
    r"\s*[:,;!\-\u2013\u2014]+\s*",
    re.IGNORECASE,
)
"""A chat opener before the question ("help me:", "quick question -", "hey,"): not asked."""


_IDIOM_RE = re.compile(
    r"\b(?:in\s+the\s+first\s+place|or\s+something|or\s+smth|or\s+what|for\s+real"
    r"|is\s+(?:that|it)\s+true(?:\s+that)?|i\s+(?:read|heard)\s+(?:somewhere\s+)?that)\b",
    re.IGNORECASE,
)
"""Chat idioms that ask nothing ("why did korea end it in the first place", "i read
somewhere that ..., is that true?"): their words ("first", "place") are no topic."""


_DEAL_WITH_RE = re.compile(
    r"\bwhat(?:\s*'?\s*s|\s+is)\s+(?:the\s+(?:deal|story)|up)\s+with\b", re.IGNORECASE
)
"""Chat for "what is" ("what's the deal with habib house", "whats up with gsomia"): the
"deal" is no pact, the "story" no post."""


_LEAD_RE = re.compile(
    rf"^(?:so|and|but|also)[\s,]+(?=(?:{'|'.join(sorted(QUESTION_WORDS))})\b)", re.IGNORECASE
)
"""An opening "so" / "and" / "but" before the question word ("so what is the scm"): the
question starts after it."""


_NAME_OF_RES = (
    re.compile(
        r"^\W*(?:wh?at|wut)\s+(?:does|do|did)\s+(?:the\s+)?(?P<term>[^?!.]{1,60}?)\s+"
        r"stands?\s+for[\s?!.]*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\W*(?:wh?at(?:\s+is|\s*['’]?s)\s+)?(?:the\s+)?full\s+(?:name|form)\s+(?:of|for)\s+"
        r"(?:the\s+)?(?P<term>[^?!.]{1,60}?)[\s?!.]*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\W*(?:wh?at(?:\s+is|\s*['’]?s)\s+)?(?:the\s+)?(?P<term>[^?!.]{1,40}?)(?:\s*['’]s)?\s+"
        r"(?:full\s+(?:name|form)|short\s+for)[\s?!.]*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\W*(?:wh?at|wut)\s+(?:does|do)\s+(?:the\s+)?(?P<term>[^?!.]{1,40}?)\s+do[\s?!.]*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\W*(?:wh?at(?:\s+is|\s+was|\s*['’]?s)\s+)?(?:the\s+)?purpose\s+of\s+"
        r"(?:the\s+)?(?P<term>(?!\w+ing\b)[^?!.]{1,40}?)[\s?!.]*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\W*(?:wh?at(?:\s+is|\s+was|\s*['’]?s)\s+)(?:the\s+)?(?P<term>(?!\w+ing\b)[^?!.]{1,40}?)"
        r"(?:\s*['’]s\s+purpose|\s+for)[\s?!.]*$",
        re.IGNORECASE,
    ),
)
"""Ways of asking what a name or an acronym is ("what does gsomia stand for", "full name
of the scm", "gsomia full name?") or what it is for ("what does gsomia do", "the purpose
of gsomia", "what is gsomia for"): asked as "what is X", which a fact or a sentence that
spells X out answers ("stand", "name" and "purpose" are no topic). "The purpose of
bringing it back" asks why, and stays as it is."""


def plain_question(question: str) -> str:
    """The question a chat message asks, cleaned: without a chat opener ("hey,", "so"),
    "what's the deal with" as "what is", "what does X stand for" as "what is X"."""
    text = _DEAL_WITH_RE.sub("what is", clean(question))
    while (opener := _PREAMBLE_RE.match(text)) is not None and opener.end() < len(text):
        text = text[opener.end() :]
    text = _LEAD_RE.sub("", text, count=1)
    for pattern in _NAME_OF_RES:
        if (match := pattern.match(text)) is not None:
            return f"what is {match.group('term')}"
    return text


def tokenize(question: str) -> tuple[str, list[Token]]:
    """Bounded, cleaned text and its first words (at most a few hundred)."""
    text = plain_question(question)
    if _IDIOM_RE.search(text) is not None:
        bare = _SPACES_RE.sub(" ", _IDIOM_RE.sub(" ", text)).strip()
        text = bare or text
    tokens: list[Token] = []
    seen: set[str] = set()
    prev = ""
    for word in WORD_RE.findall(text):
        low, acronym = surface(word)
        low = CHAT_SPELLINGS.get(low, low)
        if low == "us" and prev == "the":
            acronym = True  # "the us": the United States, not the pronoun
        content = is_content(low, acronym) and not (low == "know" and prev in ("you", "u"))
        prev = low
        if content:
            if low in seen:
                continue
            if len(seen) >= MAX_TERMS:
                break
            seen.add(low)
        tokens.append(Token(low, acronym, content))
        if len(tokens) >= 4 * MAX_TERMS:
            break
    return text, tokens


def parse(
    question: str,
    vocab: Vocab,
    synonyms: SynonymTable,
    *,
    dates: bool = True,
    intents_on: bool = True,
) -> Query:
    """Parse a question into concepts (with intents, question word and date period).

    With dates=False, date expressions are ordinary words; with intents_on=False,
    archive intents ("latest post") are not recognised.
    """
    text, tokens = tokenize(question)
    query = Query(text, tokens)
    lows = [t.low for t in tokens]
    query.qword = question_word(lows)
    query.how_many = query.qword == "how many"
    period, used = find_period(text, lows) if dates else (None, set())
    query.period = period
    query.intent = intents.detect(lows, query.how_many) if intents_on else None
    if intents_on and query.intent is None and period is None and _is_latest(lows):
        query.intent = Intent.LATEST
    skip = INTENT_SKIP if query.intent is not None else frozenset()
    if period is not None:
        skip = skip | EVENT_WORDS

    keys: list[str] = []
    ids: list[int | None] = []
    fused: dict[int, tuple[int, int]] = {}
    repairs = 0
    for t in tokens:
        tid: int | None = None
        key = t.low
        if t.content:
            key = _key(t.low, t.acronym)
            tid = vocab.lookup(t.low, t.acronym)
            if tid is None and not t.acronym and key not in synonyms.keys and repairs < MAX_REPAIRS:
                repairs += 1
                tid = vocab.repair(t.low)
            if tid is None and not t.acronym and (parts := fused_name(vocab, t.low)):
                fused[len(keys)] = parts
            if tid is not None:
                key = vocab.terms[tid]
        keys.append(key)
        ids.append(tid)
    frames = _frames(keys, lows)
    if frames:
        query.qword = "when" if query.qword in (None, "what", "which") else query.qword
    used = used | frames

    concepts: list[Concept] = []
    i = 0
    while i < len(tokens):
        hit = synonyms.match(keys, i)
        length = 1 if hit is None else hit[1]
        span = range(i, i + length)
        i += length
        lows_in = {tokens[j].low for j in span}
        if skip:
            lows_in = {intents.normalise(w) for w in lows_in}
        if all(j in used for j in span) or lows_in <= skip:
            continue
        if hit is not None and not any(tokens[j].content for j in span):
            hit = None
            span = range(span[0], span[0] + 1)
            i = span[0] + 1
        if hit is not None:
            own = tuple(x for j in span if tokens[j].content and (x := ids[j]) is not None)
            label = " ".join(tokens[j].low for j in span)
            concepts.append(_synonym_concept(vocab, synonyms.alts[hit[0]], own, label))
            continue
        t = tokens[span[0]]
        if not t.content:
            continue
        tid = ids[span[0]]
        if span[0] in fused:
            pair = fused[span[0]]
            weight = max(vocab.idf_of(x) for x in pair)
            concepts.append(Concept((pair,), weight, t.low, known=True))
        elif tid is None:
            factor = SHORT_UNKNOWN_FACTOR if len(t.low) <= 3 else UNKNOWN_FACTOR
            concepts.append(Concept((), factor * vocab.max_idf, t.low, known=False))
        else:
            weight = vocab.idf_of(tid)
            if t.low in WEAK_WORDS or keys[span[0]] in WEAK_WORDS or _leads_in(lows, span[0]):
                weight *= WEAK_FACTOR
            concepts.append(Concept(((tid,),), weight, t.low, known=True))

    query.set_concepts(_dedupe(concepts))
    query.date_only = period is not None and not query.concepts
    return query


_STRONG_LATEST = frozenset({"latest", "newest"})
_QWORD_CLASS = {
    "whom": "who",
    "whose": "who",
    "whats": "what",
    "whos": "who",
    "wheres": "where",
    "hows": "how",
    "whens": "when",
}
_HOW_MANY = frozenset({"many", "much", "long", "often", "old"})


def phrasing_kind(text: str) -> str | None:
    """The question word of a fact phrasing, "what date"/"which year" counting as when."""
    # surface(w)[0], inlined: this runs for every phrasing of every new candidate fact.
    lows = [
        w.replace(".", "").lower() if "." in w else w.lower() for w in WORD_RE.findall(text[:200])
    ]
    kind = question_word(lows)
    if kind in (None, "what", "which") and _frames(lows, lows):
        return "when"
    return kind


_MANY_TYPOS = frozenset({"mnay", "mny", "manny", "meny", "amny"})
"""Typed for "many" after "how" ("how mnay posts"; stopwords, like "many" itself is
weak); "may" is not among them."""


def question_word(lows: list[str]) -> str | None:
    """The kind of question: who, when, where, why, how, "how many", what or which."""
    for i, low in enumerate(lows):
        if low in QUESTION_WORDS:
            after = lows[i + 1] if i + 1 < len(lows) else ""
            if low == "how" and (after in _HOW_MANY or after in _MANY_TYPOS):
                return "how many"
            return _QWORD_CLASS.get(low, low)
    return None


_DATE_NOUNS = frozenset({"date", "dates"})


def _frames(keys: list[str], lows: list[str]) -> set[int]:
    """Positions of "what date" / "which year" words: they ask "when", they name nothing."""
    out: set[int] = set()
    ends = (0, len(lows) - 1) if question_word(lows) is None else ()
    for i, key in enumerate(keys):
        if lows[i] in _DATE_NOUNS and i in ends:
            out.add(i)  # "vigil date?", "date of the scm": no question word, a date asked
            continue
        if (key in FRAME_WORDS or lows[i] in FRAME_WORDS) and any(
            w in ("what", "which") for w in lows[max(0, i - 3) : i]
        ):
            out.add(i)
            if lows[i] == "day" and lows[i + 1 : i + 4] == ["of", "the", "week"]:
                out.add(i + 3)  # "which day of the week": the week names nothing either
    return out


def _leads_in(lows: list[str], i: int) -> bool:
    """Whether word i is a verb of intent followed by "to" (LEAD_IN_VERBS)."""
    return lows[i] in LEAD_IN_VERBS and i + 1 < len(lows) and lows[i + 1] == "to"


def _is_latest(lows: list[str]) -> bool:
    """ "latest post", "newest article", "most recent post about X", "what's new"."""
    for i, low in enumerate(lows):
        if low in _STRONG_LATEST:
            return True
        if low == "recent" and i > 0 and lows[i - 1] == "most":
            return True
        if low in LATEST_WORDS and any(w in POST_WORDS for w in lows[i + 1 : i + 3]):
            return True
    return lows[-2:] in (["s", "new"], ["is", "new"]) or lows == ["new"]


MAX_FUSED_LETTERS = 24
"""A longer word is no two name words ("kimxxxx...": every split point would be looked up)."""


def fused_name(vocab: Vocab, low: str) -> tuple[int, int] | None:
    """The two words of a name an unknown word runs together ("gatgeun" for "Gat-Geun",
    "jangyop" for "Jang-yop"): the first a term the posts only ever capitalise, the
    second any archive word (a hyphenated name's second part is lowercase: "Jang-yop").

    Any two archive words split too much ("headwear", "minstry"): with them, the gates'
    seed means (1-8) fell from 50.8% to 49.4% on gate-check (2026-12-03)."""
    if not 5 <= len(low) <= MAX_FUSED_LETTERS or not low.isalpha():
        return None
    proper = vocab.proper
    for i in range(2, len(low) - 1):
        first, second = vocab.lookup(low[:i], False), vocab.lookup(low[i:], False)
        if first is None or second is None or first == second:
            continue
        if first in proper:
            return first, second
    return None


def _synonym_concept(
    vocab: Vocab,
    group: tuple[tuple[int, ...], ...],
    own: tuple[int, ...],
    label: str,
) -> Concept:
    alts: list[tuple[int, ...]] = []
    if own:
        alts.append(own)
    alts.extend(a for a in group if a != own)
    if not alts:
        return Concept((), vocab.max_idf, label, known=False)
    if own:
        weight = max(vocab.idf_of(t) for t in own)
    else:
        weight = max(sum(vocab.idf_of(t) for t in a) / len(a) for a in alts)
    return Concept(tuple(alts[:8]), weight, label, known=True)


def _dedupe(concepts: list[Concept]) -> list[Concept]:
    out: list[Concept] = []
    seen: set[tuple[tuple[int, ...], ...] | str] = set()
    for c in concepts:
        key: tuple[tuple[int, ...], ...] | str = c.alts if c.known else c.label
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out
