"""Text primitives shared by indexing and querying: words, stems, stopwords, sentences.

Everything here uses fixed, precompiled patterns: no pattern is ever built from
the text being processed.
"""

from __future__ import annotations

import re
import string
import threading
import unicodedata

import Stemmer

WORD_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+")
"""A word: a dotted acronym ("U.S.") or a run of letters and digits."""

_SPACE_RE = re.compile(r"\s+")
_MENTION_RE = re.compile(r"@(?:everyone|here)\b|<(?:@[!&]?|#)\d+>", re.IGNORECASE)
"""Discord mention syntax (@everyone, @here, <@user>, <@&role>, <#channel>): no meaning."""
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Zero-width, soft-hyphen and direction marks: deleted, not spaced (a zero-width space
inside "gsomia" leaves one word, as it looks)."""


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a text block, as a set."""
    return frozenset(text.split())


STOPWORDS = word_set(
    """
    a about above after again against all am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each else ever few for from further get gets got had hadn has hasn
    have haven having he her here hers herself him himself his how i if in into is isn it
    its itself just let ll me might more most must mustn my myself no nor not now o of off
    on once only or other ought our ours ourselves out over own re s same shall shan she
    should shouldn so some such t than that the their theirs them themselves then there
    these they this those through to too under until up upon us ve very was wasn we were
    weren what whats when whens where which while who whom whose why will with would wouldn
    y you your yours yourself yourselves also anyway really actually thing things stuff
    something anything lol pls please tell d m w u ur im ive thats theres heres hey hi hello
    ok okay yeah yes whatever kind sort like gonna wanna btw bot bots quick wondering wonder
    curious guys anyone someone yo sup lmao haha hmm omg tbh idk imo fyi ngl
    per nah smth huh tho bro honestly whos wheres hows thx thanks thank ty tysm plz
    mnay mny manny meny amny
    """
)
"""Function words and chat filler: they say nothing about which fact is meant.

"tell" is here because questions wrap content in it ("tell me about ..."); the
index drops it too, so the decision is symmetric. "know" after "you" ("do you
know when ...") is dropped by the query parser instead.
"""

UPPER_ACRONYMS = frozenset({"us"})
"""Stopwords that are acronyms when written in capitals ("US"). Only these: a question
typed in capitals ("WHAT IS GSOMIA") keeps its stopwords stopwords."""

QUESTION_WORDS = frozenset(
    {"when", "who", "whom", "whose", "why", "where", "how", "what", "which"}
    | {"whats", "whos", "wheres", "hows", "whens"}
)

MAX_QUESTION_CHARS = 500
"""The longest question any front door takes (`/ask` caps its option here too); longer
text is cut here, and in an answer channel it is conversation, not a question."""
MAX_TERMS = 64

_stemmer_local = threading.local()
_stem_cache: dict[str, str] = {}
_STEM_CACHE_MAX = 500_000


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_stemmer_local, "stemmer", None)
    if stemmer is None:
        stemmer = Stemmer.Stemmer("english")
        _stemmer_local.stemmer = stemmer
    return stemmer


IRREGULAR = {
    form: base
    for base, forms in (
        ("send", "sent"),
        ("tell", "told"),
        ("say", "said"),
        ("hold", "held"),
        ("give", "gave given"),
        ("take", "took taken"),
        ("bring", "brought"),
        ("begin", "began begun"),
        ("keep", "kept"),
        ("think", "thought"),
        ("write", "wrote written"),
        ("speak", "spoke spoken"),
        ("know", "knew known"),
        ("go", "went gone"),
        ("come", "came"),
        ("run", "ran"),
        ("win", "won"),
        ("lose", "lost"),
        ("seek", "sought"),
        ("buy", "bought"),
        ("fight", "fought"),
        ("break", "broke broken"),
        ("choose", "chose chosen"),
        ("grow", "grew grown"),
        ("draw", "drew drawn"),
        ("drive", "drove driven"),
        ("forget", "forgot forgotten"),
        ("hear", "heard"),
        ("make", "made"),
        ("mean", "meant"),
        ("pay", "paid"),
        ("sell", "sold"),
        ("shake", "shook shaken"),
        ("sit", "sat"),
        ("stand", "stood"),
        ("teach", "taught"),
        ("throw", "threw thrown"),
        ("understand", "understood"),
        ("wear", "wore worn"),
        ("strike", "struck"),
        ("spend", "spent"),
        ("build", "built"),
        ("freeze", "froze frozen"),
        ("meet", "met"),
        ("lead", "led"),
    )
    for form in forms.split()
}
"""Irregular verb forms and their base word, read as one term in questions and texts
alike ("what did the ministry send" finds "it sent a letter"). Forms that are also other
words are left out: "left" (the side), "found" (to establish), "saw", "felt", "rose"."""


def stem(word: str) -> str:
    """The English Snowball stem of a lowercase word, an irregular verb form read as its
    base (cached; thread-safe)."""
    cached = _stem_cache.get(word)
    if cached is not None:
        return cached
    base = IRREGULAR.get(word, word)
    out = base if len(base) <= 3 or base.isdigit() else _stemmer().stemWord(base)
    if len(_stem_cache) >= _STEM_CACHE_MAX:
        _stem_cache.clear()
    _stem_cache[word] = out
    return out


def clean(text: str, limit: int = MAX_QUESTION_CHARS) -> str:
    """Bound, NFKC-normalize and strip control characters and mentions from user text."""
    text = text[:limit]
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub(" ", text)
    text = _MENTION_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def collapse_spaces(text: str) -> str:
    """Every whitespace run (line breaks, no-break spaces) becomes one space."""
    return _SPACE_RE.sub(" ", text).strip()


def surface(word: str) -> tuple[str, bool]:
    """Lowercase form of a raw word and whether it must be kept as an acronym.

    "U.S." and an upper-case "US" are acronyms, so they survive the stopword
    filter that drops the pronoun "us".
    """
    if "." in word:
        return word.replace(".", "").lower(), True
    low = word.lower()
    return low, low in UPPER_ACRONYMS and word.isupper()


def is_content(low: str, acronym: bool) -> bool:
    """True for words that can carry meaning: not stopwords, not single letters."""
    if acronym:
        return True
    if low in STOPWORDS:
        return False
    return len(low) >= 2 or low.isdigit()


def term_of(low: str, acronym: bool) -> str:
    """The index term of a content word: its stem (acronyms stay as they are)."""
    return low if acronym else stem(low)


def words(text: str) -> list[str]:
    """Raw words of a text, in order."""
    return WORD_RE.findall(text)


SPLIT_BYTES = bytes(
    32 if (chr(i) in string.punctuation and chr(i) != ".") else i for i in range(256)
)
"""Byte table mapping ASCII punctuation (all but ".", which dotted acronyms need) to a
space. ASCII punctuation can never be inside a WORD_RE match, so
`text.encode().translate(SPLIT_BYTES).split()` yields pieces that each hold whole
words (non-ASCII punctuation stays inside pieces and WORD_RE sorts it out once per
distinct piece). This is several times faster than running WORD_RE on the text."""


def pieces(text: str) -> list[bytes]:
    """Whitespace/punctuation separated UTF-8 pieces of a text (each holds whole words)."""
    return text.encode("utf-8", "surrogatepass").translate(SPLIT_BYTES).split()


CHAT_SPELLINGS = {
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "whut": "what",
    "wtf": "what",
    "wen": "when",
    "whn": "when",
    "hw": "how",
    "r": "are",
    "u": "you",
    "ur": "your",
    "abt": "about",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "ppl": "people",
    "btwn": "between",
    "wich": "which",
    "whch": "which",
    "befor": "before",
    "jsut": "just",
    "hapend": "happened",
    "hapened": "happened",
    "happend": "happened",
    "hapen": "happen",
}
"""Chat spellings of question and function words, and the misspellings of "happened" too
far from it for the typo repair (two letters): "wat is gsomia" asks "what is gsomia"
(their meaning matters: "wat" is a question word, "r" a verb, not an unknown topic)."""


def phrasing_key(text: str) -> str:
    """A text reduced to its lowercase words, to spot a curated phrasing asked verbatim.

    Curated phrasings go straight in; user text goes through `clean` first.
    Contractions of "is" are spelled out, so "What's GSOMIA?" is "what is gsomia".
    """
    found = WORD_RE.findall(text.lower())
    out: list[str] = []
    for i, word in enumerate(found):
        if word == "s" and i > 0 and found[i - 1] in _IS_CONTRACTED:
            out.append("is")
        elif word in _FUSED_IS:
            out.extend((_FUSED_IS[word], "is"))
        else:
            out.append(CHAT_SPELLINGS.get(word, word))
    return " ".join(out)


_IS_CONTRACTED = frozenset({"what", "who", "where", "when", "how", "that", "it", "there"})
_FUSED_IS = {"whats": "what", "whos": "who", "wheres": "where", "hows": "how", "whens": "when"}


KEY_FILLER = word_set(
    "exactly actually really basically please pls plz anyway btw yo hey hi hello lol ok okay um"
)
"""Chat filler a member adds to a curated question ("what is gsomia exactly", "when was
it restored, actually"): a phrasing key without it still names the curated phrasing."""


def without_filler(key: str) -> str:
    """A phrasing key without chat filler words (see KEY_FILLER)."""
    return " ".join(w for w in key.split() if w not in KEY_FILLER)
