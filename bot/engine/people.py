"""Who is X: the title the archive gives a person ("U.S. Defense Secretary Mark Esper")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.engine.text import word_set
from bot.engine.vocab import Vocab

ROLES = word_set(
    """
    president minister secretary ambassador spokesman spokeswoman spokesperson chief director
    commander leader chairman chairwoman general admiral envoy adviser advisor head
    premier governor official lawmaker defector
    """
)
"""The last word of a title that names what a person is."""
RANKS = word_set("deputy vice second first third senior assistant acting former principal")
"""Lowercase words that may stand before a lowercase role ("second deputy chief")."""
MAX_TITLE_WORDS = 6
_TITLE_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][\w’'.-]*")


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a text gives a person a title."""

    title: str
    """ "U.S. Defense Secretary Mark Esper", or with `described` the description set
    beside the name ("the most senior North Korean figure to defect to South Korea")."""
    text_key: object
    """The caller's handle of the text (for the reply's quote)."""
    start: int
    end: int
    described: bool = False
    name: str = ""
    """The name as the text spells it (set on a description: "Hwang Jang-yop")."""


def titles(name: str, texts: Iterable[tuple[object, str]]) -> list[Mention]:
    """Every "<Title> <Name>" in the texts, the name matched case-insensitively."""
    parts = [re.escape(w) for w in re.split(r"[\s-]+", name.strip()) if w]
    if not parts:
        return []
    body = r"[\s-]+".join(parts)
    pattern = re.compile(r"(?<![\w-])" + body + r"(?![\w-])", re.IGNORECASE)
    out: list[Mention] = []
    for key, text in texts:
        for match in pattern.finditer(text):
            title = _title_before(text[: match.start()])
            if title:
                # the rest of the name after the part asked ("Yoon" -> "Yoon Suk Yeol")
                rest = _REST_OF_NAME.match(text, match.end()) if len(parts) == 1 else None
                end = rest.end() if rest is not None else match.end()
                out.append(Mention(f"{title} {text[match.start() : end]}", key, match.start(), end))
            elif (after := _APPOSITIVE.match(text, match.end())) is not None:
                out.append(
                    Mention(
                        after.group("what"),
                        key,
                        match.start(),
                        after.end("what"),
                        described=True,
                        name=match.group(0),
                    )
                )
    return out


_REST_OF_NAME = re.compile(r"(?:[ -][A-Z][a-z]+(?:-[a-z]+)?){1,2}(?![\w’'-])")
"""Capitalised words right after a name, that are more of it ("Suk Yeol", "Kyung-wha")."""
_APPOSITIVE = re.compile(
    r",\s+(?P<what>(?:the|a|an)\s+[^,;:()\n]{6,100}?|(?:[a-z]+\s+){0,2}(?:"
    + "|".join(sorted(ROLES))
    + r")\s+of\s+[^,;:\n]{3,80}?)(?=,|\s+\(|\.\s)"
)
"""A description set beside a name: "Hwang Jang-yop, the most senior North Korean figure
to defect to South Korea, said", "Chung Eui-yong, chief of the National Security Office
(NSO), reiterated"."""


def best_title(mentions: list[Mention]) -> Mention | None:
    """The title given most often (the first of them), or a fuller one that holds it, if
    any; a title before the name is preferred to a description beside it."""
    if not mentions:
        return None
    titled = [m for m in mentions if not m.described]
    mentions = titled or mentions
    counts = Counter(m.title.casefold() for m in mentions)
    top = max(counts.values())
    common = next(m for m in mentions if counts[m.title.casefold()] == top)
    # "Ambassador Harris" is said most, "U.S. Ambassador Harry Harris" says more: the
    # fullest title that holds every word of the common one
    words = set(common.title.casefold().split())
    fuller = [m for m in mentions if words < set(m.title.casefold().split())]
    return max(fuller, key=lambda m: len(m.title.split()), default=common)


def _title_before(head: str) -> str:
    """The title words right before a name: capitalized words ending in a role word
    ("U.S. Defense Secretary"), given names between them kept ("Prime Minister Fumio")."""
    if not head[-1:].isspace() or not head.rsplit("\n", 1)[-1].strip():
        return ""  # no space before the name, or the name starts a line
    words = head.split()[-(MAX_TITLE_WORDS + 2) :]
    kept: list[str] = []
    lowercase = True  # still in the lowercase part that ends a title ("second deputy chief")
    for i, word in enumerate(reversed(words)):
        lower_role = i == len(kept) and word.lower() in ROLES  # "National Security Office chief"
        rank = lowercase and bool(kept) and word in RANKS
        if not word or not (_TITLE_WORD.fullmatch(word) or lower_role or rank):
            break
        lowercase = lowercase and (lower_role or rank)
        kept.append(word)
    kept.reverse()
    given: list[str] = []
    while kept and kept[-1].rstrip(".").lower() not in ROLES and len(given) < 2:
        given.insert(0, kept.pop())
    if not kept or kept[-1].rstrip(".").lower() not in ROLES:
        return ""  # "Kim Il Political University": capitals, but no role
    while kept and kept[0].lower() in ("the", "when", "after", "and", "but", "as", "on", "in"):
        kept.pop(0)
    return " ".join(kept[-MAX_TITLE_WORDS:] + given)


_NAME_WORD = re.compile(r"[A-Z][\w’'-]+")
"""A capitalised word of a post text: how a name is spelled there."""


def spelled_as_in(name: str, texts: Iterable[tuple[object, str]], vocab: Vocab) -> str:
    """The name with each misspelled word replaced by the word of the texts the
    vocabulary repairs it to ("mark espr" -> "mark Esper"), or whose hyphen it leaves
    out ("hwang jangyop" -> "hwang Jang-yop"); the name when none is."""
    texts = list(texts)
    words = name.split()
    fused = {
        word.replace("-", "").casefold(): word
        for _key, text in texts
        for word in _NAME_WORD.findall(text)
        if "-" in word
    }
    wanted: dict[int, int] = {}
    for i, word in enumerate(words):
        low = word.lower()
        if low in fused:
            words[i] = fused[low]
        elif vocab.lookup(low, False) is None and (tid := vocab.repair(low)) is not None:
            wanted[tid] = i
    for _key, text in texts:
        if not wanted:
            break
        for word in _NAME_WORD.findall(text):
            tid = vocab.lookup(word.lower(), False)
            if tid in wanted:
                words[wanted.pop(tid)] = word
    return " ".join(words)


MAX_HOLDERS = 3
_HOLDER_NAME = r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})(?![\w’'-])"
"""The name right after a title: one to three capitalised words ("Kang Kyung-wha")."""


def role_words(name: str) -> list[str] | None:
    """The words of a "who is the X" question's X when X is an office ("the us defense
    secretary" -> ["us", "defense", "secretary"]), or None when X is no office."""
    words = [w for w in re.split(r"\s+", name.casefold().strip()) if w and w != "the"]
    if not words or words[-1] not in ROLES:
        return None
    return words


def holders(
    words: list[str], texts: Iterable[tuple[object, str]], *, most_only: bool = False
) -> list[Mention]:
    """Who the texts give the office of `words` ("Foreign Minister Kang Kyung-wha" for
    ["foreign", "minister"]): one mention a person, the most mentioned first, at most
    MAX_HOLDERS (with `most_only`, only those mentioned most). Every word of the office
    must stand in the title, in order."""
    office = r"\s+".join(_office_word(w) for w in words)
    pattern = re.compile(rf"(?<![\w-])(?i:{office})\s+{_HOLDER_NAME}")
    found: dict[str, list[Mention]] = {}
    for key, text in texts:
        for match in pattern.finditer(text):
            person = match.group("name")
            head = _SENTENCE_END.split(text[: match.start("name")])[-1]
            title = _title_before(head) or text[match.start() : match.start("name")].strip()
            found.setdefault(person.casefold(), []).append(
                Mention(f"{title} {person}", key, match.start(), match.end(), name=person)
            )
    # "Ambassador Harris" is "U.S. Ambassador Harry Harris": a name within a fuller one
    for short in sorted(found, key=len):
        fuller = [k for k in found if k != short and set(short.split()) < set(k.split())]
        if fuller:
            found[max(fuller, key=len)].extend(found.pop(short))
    ranked = sorted(found.values(), key=len, reverse=True)
    if most_only and ranked:
        ranked = [group for group in ranked if len(group) == len(ranked[0])]
    return [best_title(group) or group[0] for group in ranked[:MAX_HOLDERS]]


_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?]\s+")
"""Where a sentence ends ("Tokyo. President ..."), not "U.S. Defense"."""


def _office_word(word: str) -> str:
    """A word of an office as the texts may write it: "us" as "U.S.", "u.s" as "US"."""
    letters = word.replace(".", "")
    if letters in ("us", "uk", "un"):
        return r"\.?".join(re.escape(c) for c in letters) + r"\.?"
    return re.escape(word)
