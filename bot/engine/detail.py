"""The detail a question asks for (a date, a month, a day, a number, a person, a place) and
whether a fact's answer gives it.

"Who signed it for Japan" is not answered by the year it was signed, and "what
day" is not answered by a year: such a fact is near the topic but misses the
point, so the gate weighs it down and the reply says what the archive does say.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.engine.dates import parse_fact_date
from bot.engine.intents import Intent
from bot.engine.query import Concept, Query, Token
from bot.engine.speaker import asked_speaker
from bot.engine.text import word_set


class Detail(StrEnum):
    """What kind of answer a question wants."""

    DATE = "date"
    MONTH = "month"
    DAY = "day"
    NUMBER = "number"
    PERSON = "person"
    PLACE = "place"
    SPEAKER = "speaker"
    """ "What did X say": a statement by X (speaker.py decides, with the vocabulary)."""


ASKED = {
    Detail.DATE: "the date",
    Detail.MONTH: "the month",
    Detail.DAY: "the exact day",
    Detail.NUMBER: "that number",
    Detail.PERSON: "who it was",
    Detail.PLACE: "where",
    Detail.SPEAKER: "what was said",
}
"""How a partial answer names the missing detail ("The archive does not say ...")."""

_DAY_WORDS = frozenset({"day", "date", "exact", "exactly", "weekday"})
_MONTH_WORDS = frozenset({"month"})
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_MONTH_RE = re.compile(rf"\b({_MONTH_NAMES})")
_DAY_RE = re.compile(
    rf"\b(({_MONTH_NAMES})\s+\d{{1,2}}\b|\d{{1,2}}\s+({_MONTH_NAMES})|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
)
_NUMBER_RE = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"hundreds?|thousands?|millions?|half|once|twice)\b",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-\s][A-Z][a-z]+)*")
_ROLE_RE = re.compile(
    r"\b(president|minister|ambassador|secretary|spokesman|spokeswoman|spokesperson|"
    r"lawmakers?|protesters|activists|defector|adviser|advisor|advisers|leader|leaders|"
    r"ministry|government|administration|officials?)\b",
    re.IGNORECASE,
)
_DATE_TEXT_RE = re.compile(
    rf"\b(({_MONTH_NAMES})\s+\d{{1,2}}(st|nd|rd|th)?,?|\d{{1,2}}\s+({_MONTH_NAMES})|"
    r"(1[89]|20)\d\d)\b"
)
"""Dates in an answer: their digits are no answer to "how many"."""
_PLACE_RE = re.compile(
    r"\b(in|at|near|outside|inside|across|around|from|to)\s+(the\s+)?(?!(?:"
    + _MONTH_NAMES
    + r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][a-z]"
)
"""A place in an answer: "in Nagoya", "at Cheong Wa Dae", "outside the Japanese embassy"
(a preposition before a capitalised word that is no month or weekday)."""
_VENUE_RE = re.compile(r"\b(?:published|printed|posted) by\s+(?:the\s+)?[A-Z][a-z]")
_ASKS_VENUE_RE = re.compile(r"\b(?:publish|print|post|appear)", re.IGNORECASE)
"""Where a text appeared ("where was the article published"): "published by the East Asia
Research Center" says it (where she studied it does not)."""
_NOT_PEOPLE = frozenset(
    {
        "Korea",
        "Korean",
        "Koreans",
        "Japan",
        "Japanese",
        "Seoul",
        "Tokyo",
        "South",
        "North",
        "United",
        "States",
        "America",
        "American",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Aug",
        "Sept",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "On",
        "In",
        "The",
        "After",
        "Before",
        "At",
    }
)


_NOT_AGENTS = frozenset(
    {"Day", "Election", "Tactic", "Dynasty", "Agreement", "Summit", "Meeting", "Conference"}
)
"""The last word of a capitalised name that is an event or a thing ("Independence Day",
"the Gat-Geun Tactic"): no answer to "who" (a body, "the Blue House", still is one)."""


def asked_detail(query: Query) -> Detail | None:
    """The detail the question wants, from its question word and frame words."""
    if query.how_many:
        return Detail.NUMBER
    lows = {t.low for t in query.tokens}
    if query.qword == "when":
        if lows & _DAY_WORDS and ("what" in lows or "which" in lows or "exact" in lows):
            return Detail.DAY
        if lows & _MONTH_WORDS:
            return Detail.MONTH
        return Detail.DATE
    if query.qword == "who":
        # "who is the seoul gyeore hana group" names it and asks what it is
        return None if query.intent is Intent.WHO else Detail.PERSON
    if query.qword == "where":
        return Detail.PLACE
    if asked_speaker(query) is not None:
        return Detail.SPEAKER
    return None


MAX_HEAD_WORDS = 4
"""The words after "which"/"what" that can hold the thing asked about ("which civic
group", "which japanese official hit back"); a longer run is the question itself, no
noun phrase ("what was the medias big focus days befor ...": tuning and gate-train one
right answer more each, nothing lost, 2026-12-03)."""
_DETERMINERS = frozenset({"the", "a", "an", "that", "this", "these", "those", "his", "her", "its"})


_BE = frozenset({"s", "is", "was", "are", "were"})
_ROLE_NOUNS = word_set(
    """president minister ambassador secretary spokesman spokeswoman spokesperson adviser
    advisor leader chief director chairman premier envoy commander"""
)
"""The offices a "who was X's <office>" question asks the holder of."""


def _who_is_role(tokens: list[Token], i: int) -> bool:
    """ "who was korea's defense minister ...": "who" and a form of "be" ask for whoever
    holds a role, and the role is the thing asked about (a fact about the defense
    *ministry* does not say who its minister was)."""
    if tokens[i].low == "whos":
        return True
    return tokens[i].low == "who" and i + 1 < len(tokens) and tokens[i + 1].low in _BE


def head_concept(query: Query, *, drop_verb: bool = False) -> Concept | None:
    """The thing a "which X" / "what X" question asks about ("which university", "what
    party"): the last of the content words right after the question word.

    With `drop_verb`, a verb that ends those words is left out: in "which civic group
    organized the rally" the thing is the group (a word followed by a determiner)."""
    tokens = query.tokens
    for i, token in enumerate(tokens):
        holder = _who_is_role(tokens, i)
        if token.low not in ("which", "what", "whats") and not holder:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].low in ("s", "the", "is", "was", "are"):
            j += 1
        run: list[str] = []
        while j < len(tokens) and tokens[j].content:
            run.append(tokens[j].low)
            j += 1
            if holder and j + 1 < len(tokens) and tokens[j].low == "s" and tokens[j + 1].content:
                run = []  # "korea's defense minister": the minister (which X's: the X)
                j += 1
        if drop_verb and len(run) >= 2 and j < len(tokens) and tokens[j].low in _DETERMINERS:
            run.pop()  # "organized (the rally)": a verb, not the thing asked about
        if not run or len(run) > MAX_HEAD_WORDS:
            return None  # no noun phrase after "what": the rest of the question
        head = run[-1]
        if holder and head not in _ROLE_NOUNS:
            return None  # "who was supposed to ...", "who's the guy in the pic"
        return next((c for c in query.concepts if c.label == head), None)
    return None


def provides(detail: Detail, answer: str, date: str | None, question: str) -> bool:
    """Whether a fact (its answer text and date) gives the detail asked for."""
    parsed = parse_fact_date(date)
    if detail is Detail.DATE:
        # a weekday dates a news sentence too: the post's own date says which week
        return parsed is not None or bool(
            _YEAR_RE.search(answer) or _MONTH_RE.search(answer) or _DAY_RE.search(answer)
        )
    if detail is Detail.MONTH:
        return (parsed is not None and parsed[1] is not None) or bool(_MONTH_RE.search(answer))
    if detail is Detail.DAY:
        return (parsed is not None and parsed[2] is not None) or bool(_DAY_RE.search(answer))
    if detail is Detail.NUMBER:
        return _NUMBER_RE.search(_DATE_TEXT_RE.sub(" ", answer)) is not None
    if detail is Detail.PLACE:
        if _ASKS_VENUE_RE.search(question) and _VENUE_RE.search(answer):
            return True
        return _PLACE_RE.search(answer) is not None
    if detail is Detail.SPEAKER:
        return True  # who said it needs the vocabulary: speaker.names_speaker
    asked = question.casefold()
    if _ROLE_RE.search(answer):
        return True
    return any(
        name.casefold() not in asked
        and not set(name.split()) <= _NOT_PEOPLE
        and name.split()[-1] not in _NOT_AGENTS
        for name in _NAME_RE.findall(answer)
    )


_DEFINING_VERBS = r"(?:is|was|are|were|means|meant|stands\s+for|refers\s+to)"


def defines(term: str, answer: str) -> bool:
    """Whether an answer says what `term` is: it spells the term out ("Security
    Consultative Meeting (SCM)"), opens with it and a defining verb ("Habib House is
    ..."), or sets a description beside it ("GSOMIA, the pact ...", "his residence in
    Seoul, Habib House,"). "what was the scm" asks this of one word; a fact that merely
    mentions the word is no answer to it."""
    word = re.escape(term.strip())
    if not word:
        return False
    for match in re.finditer(rf"\(\s*(?:the\s+)?{word}\s*\)", answer, re.IGNORECASE):
        if _spelled_out(term, answer[: match.start()]):
            return True
    opening = rf"^\W*(?:the\s+)?{word}(?:\s*\([^)]*\))?"
    described = rf"\b(?:his|her|its|their|the|a|an)\s+[\w\s.'’-]{{1,40}},\s+(?:the\s+)?{word},"
    return (
        re.search(rf"{opening}\s+{_DEFINING_VERBS}\b", answer, re.IGNORECASE) is not None
        or re.search(rf"{opening},\s+(?:a|an|the)\s", answer, re.IGNORECASE) is not None
        or re.search(described, answer, re.IGNORECASE) is not None
    )


def _spelled_out(term: str, before: str) -> bool:
    """Whether the words before "(TERM)" spell it out: their initials, the small words
    skipped, hold its letters in order ("Security Consultative Meeting (SCM)", "General
    Security of Military Information Agreement (GSOMIA)"). A credit in brackets,
    "WOO SANG-JO (JoongAng Ilbo)", is no definition."""
    letters = [c for c in term.casefold() if c.isalnum()]
    if not letters or " " in term.strip():
        return False
    words = re.findall(r"[\w’'-]+", before)[-(2 * len(letters) + 2) :]
    initials = [w[0].casefold() for w in words]
    # the last word starts the last letter; walk back through the initials
    i = len(initials) - 1
    for letter in reversed(letters):
        while i >= 0 and initials[i] != letter:
            i -= 1
        if i < 0:
            return False
        i -= 1
    return bool(initials) and initials[-1] == letters[-1]


_WHAT_IS_RE = re.compile(
    r"^\W*(?:wh?at|wut)(?:\s+(?:is|was|are|were)|\s*['’]?s)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<term>[^?!.]+?)[\s?!.]*$",
    re.IGNORECASE,
)
MAX_TERM_WORDS = 4


def what_is_term(query: Query) -> str | None:
    """The thing a "what is X" question asks about ("what is the habib house" -> "habib
    house"), when X is a short name and the question nothing more; else None."""
    if query.period is not None or not query.concepts:
        return None
    match = _WHAT_IS_RE.match(query.text)
    if match is None:
        return None
    term = match.group("term").strip()
    words = term.casefold().split()
    if not words or len(words) > MAX_TERM_WORDS or len(query.concepts) > len(words):
        return None
    return term
