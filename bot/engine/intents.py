"""Questions about the archive itself: the newest or oldest post, how many posts,
and what the blogger thinks.

Recognised from word classes with typo tolerance ("latst post", "bloggers
take"), not from a list of fixed phrasings: a class word plus a word that names
a post (or a strong word alone) makes the intent.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from bot.engine.text import word_set


class Intent(StrEnum):
    """What a question asks of the archive as a whole."""

    LATEST = "latest"
    OLDEST = "oldest"
    COUNT = "count"
    VIEW = "view"
    WHO = "who"
    """ "who is Harry Harris": the title the archive gives a person."""
    ABOUT = "about"
    """ "what is this blog", "who is the blogger": the archive itself."""


STRONG_NEWEST = word_set("latest newest lastest")
NEWEST = word_set("recent recently lately new current currently status update updates")
OLDEST = word_set("oldest earliest first original")
POSTS = word_set(
    """
    post posts article articles entry entries blog blogs story stories piece pieces
    archive archives tag page posted published publish write wrote written writeup
    update updates news thing things stuff item items front
    """
)
AUTHOR = word_set("blogger bloggers author authors writer writers rokdrop")
LAST_WORDS = word_set("last latest newest recent recently lately")
"""With the blogger or the blog and no opinion word: the newest post is asked for."""
OPINION = word_set(
    "think thinks thought opinion opinions take view views feel feels believe believes"
    " stance position reckon reckons"
)
SAYING = word_set("say says said tell tells told talk talked")
"""Words of "the last thing the blogger said" / "what did the blog say about X": the
request, no topic."""
STILL_STATES = word_set("active valid effect force alive place thing")
"""After "still": "is gsomia still active" asks for the current status."""
NOW_STATES = word_set("dead alive active defunct valid")
"""Ending a present-tense question: "is gsomia dead?", "is the pact alive" ask for the
current status (with "was" they ask about the past: no intent)."""
LIFE_STATES = word_set("alive dead died living")


def asks_life(text: str) -> bool:
    """ "is hwang alive", "is he still alive", "is kim dead": the words that, said of a
    person, ask about a life rather than the status of a pact."""
    words = re.findall(r"[a-z]+", text.casefold())
    return bool(words) and words[-1] in LIFE_STATES


STATE_WORDS = word_set("state status stand stands standing situation")
"""With "now" / "current" / "these days": "where do things stand with gsomia now"."""
NOW_WORDS = word_set("now current currently lately today days nowadays")
LIST_NOUNS = word_set("posts articles entries stories pieces")
MENTIONED = word_set("mention mentions mentioned")
"""With "how many": "how many times is esper mentioned" counts the posts that do."""
INTENT_WORDS = (
    STRONG_NEWEST
    | NEWEST
    | OLDEST
    | POSTS
    | AUTHOR
    | OPINION
    | STILL_STATES
    | STATE_WORDS
    | word_set("most still now today these days anything something number going right")
    | word_set("total altogether overall tagged")
    | NOW_STATES
    | word_set("mention mentions mentioned mentioning cover covers covered covering")
    | word_set("according")
)
"""Words that name the intent, not its topic: they are no concepts of such a question."""

_FUZZY_MIN = 5
"""Words of at least this many letters match a class word one edit away ("latst")."""
_CLASSES = (STRONG_NEWEST, OLDEST, AUTHOR)
"""Only these are typo-repaired: a post or opinion word one edit from a common word
("costs" -> "posts") would turn ordinary questions into archive questions."""


@lru_cache(maxsize=65_536)
def normalise(low: str) -> str:
    """The class word a (possibly misspelled) word stands for, or the word itself."""
    if low in INTENT_WORDS or len(low) < _FUZZY_MIN:
        return low
    for group in _CLASSES:
        for word in sorted(group):  # the same word in every process (set order varies)
            if abs(len(word) - len(low)) <= 1 and DamerauLevenshtein.distance(low, word) <= 1:
                return word
    return low


def detect(lows: list[str], how_many: bool) -> Intent | None:
    """The archive intent of a question's words (lowercase, in order), if any."""
    words = [normalise(w) for w in lows]
    present = set(words)
    if "rok" in present and "drop" in present:
        present.add("rokdrop")
    if _about_archive(words, present):
        return Intent.ABOUT
    if _who_is(lows):
        return Intent.WHO
    names_post = bool(present & POSTS)
    if (how_many or _number_of_posts(words)) and names_post:
        return Intent.COUNT
    if how_many and present & MENTIONED:
        return Intent.COUNT  # "how many times is esper mentioned": the posts that do
    if (present & LIST_NOUNS or "every" in present) and _lists(words):
        return Intent.COUNT
    if present & (AUTHOR | {"blog"}) and present & LAST_WORDS and not present & OPINION:
        return Intent.LATEST  # "the last thing the blogger said", "what did he write last"
    if present & AUTHOR and (present & OPINION or _asks_what_said(words)):
        return Intent.VIEW
    if present & {"blogger", "author", "writer", "rokdrop"} and not present & POSTS:
        return Intent.VIEW
    if "oldest" in present or "earliest" in present:
        return Intent.OLDEST
    if present & {"first", "original"} and names_post and not _has_verb_after(words, "first"):
        return Intent.OLDEST
    if present & STRONG_NEWEST:
        return Intent.LATEST
    if _most_recent(words) or _anything_new(words):
        return Intent.LATEST
    newest = present & NEWEST if "new" not in present else _newest_words(words)
    if newest and (names_post or newest & {"status", "lately", "currently"}):
        return Intent.LATEST
    if "still" in present and present & STILL_STATES:
        return Intent.LATEST
    if words[:1] in (["is"], ["isn"], ["are"]) and words[-1] in NOW_STATES:
        return Intent.LATEST
    if words[:1] in (["is"], ["isn"], ["are"]) and "anymore" in present:
        return Intent.LATEST  # "is gsomia even a thing anymore"
    if present & STATE_WORDS and present & NOW_WORDS:
        return Intent.LATEST
    if "going" in present and present & NOW_WORDS:
        return Intent.LATEST
    return None


_AFTER_NEW = frozenset({"on", "about", "in", "for", "with", "re", "regarding", "from", "to"})


def _newest_words(words: list[str]) -> set[str]:
    """The NEWEST words of a question, but "new" before a noun that is no post ("the new
    president", "a new deal"): that "new" describes something else, not the archive."""
    out: set[str] = set()
    for i, word in enumerate(words):
        if word not in NEWEST:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if word == "new" and after and after not in POSTS and after not in _AFTER_NEW:
            continue
        out.add(word)
    return out


def _number_of_posts(words: list[str]) -> bool:
    """ "number of posts", "the number of articles on the tag"."""
    return any(
        w == "number"
        and words[i + 1 : i + 2] == ["of"]
        and words[i + 2 : i + 3] != []
        and words[i + 2] in POSTS
        for i, w in enumerate(words)
    )


def _lists(words: list[str]) -> bool:
    """ "posts about esper", "what posts are there from 2020", "posts from 2023?", "show
    me every post"."""
    for i, word in enumerate(words):
        before = words[i - 1] if i > 0 else ""
        if word in ("post", "article") and before == "every":
            return True
        if word not in LIST_NOUNS:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if before in NEWEST or before in STRONG_NEWEST:
            continue  # "new posts on gsomia", "latest articles about esper": the newest
        if i == 0 or before in ("what", "which", "any", "the", "all", "list"):
            return True
        if after in ("about", "on", "from", "in", "mentioning", "with"):
            return True
    return False


def _asks_what_said(words: list[str]) -> bool:
    return any(w in ("say", "says", "said", "write", "writes", "wrote") for w in words)


def _has_verb_after(words: list[str], word: str) -> bool:
    """ "when was it first signed", "where did he first pitch the hat thing": "first"
    before a verb (an -ed form, or a word before "the", after "did") is not "the first
    post"."""
    i = words.index(word) if word in words else -1
    if not 0 <= i < len(words) - 1:
        return False
    if words[i + 1].endswith("ed"):
        return True
    object_follows = i + 2 < len(words) and words[i + 2] in ("the", "a", "an", "this", "that")
    return object_follows and any(w in ("did", "does", "do") for w in words[:i])


def _most_recent(words: list[str]) -> bool:
    for i, w in enumerate(words[:-1]):
        if w in ("most", "last") and words[i + 1] in ("recent", "recently"):
            return True
    return False


def _anything_new(words: list[str]) -> bool:
    """ "anything new", "what's new", "whats new on the pact", "something new lately",
    "any news?"."""
    if words[:2] in (["any", "news"], ["anything", "news"]):
        return True
    for i, w in enumerate(words):
        if w != "new":
            continue
        before = words[i - 1] if i > 0 else ""
        if before in ("anything", "something", "s", "is", "whats", "what", "any", "news"):
            return True
        if i == len(words) - 1 and len(words) <= 3:
            return True
    return False


_BE = frozenset({"is", "was", "s", "are", "were"})
MAX_NAME_WORDS = 4


def _who_is(lows: list[str]) -> bool:
    """ "who is mark esper", "who's moon jae-in", "whos harris", "esper who": a name and
    nothing else."""
    if not lows:
        return False
    if len(lows) > 1 and lows[-1] in ("who", "whos"):  # "hwang jang yop who?"
        lows = ["who", "is", *lows[:-1]]
    rest = lows[1:] if lows[0] == "whos" else lows[2:] if lows[0] == "who" else None
    if rest is None or (lows[0] == "who" and (len(lows) < 2 or lows[1] not in _BE)):
        return False
    rest = [w for w in rest if w not in ("the", "exactly")]
    return 0 < len(rest) <= MAX_NAME_WORDS and not any(w in _BE for w in rest)


def asked_name(text: str) -> str:
    """The name of a "who is X" question, as typed ("who's Mark Esper??" -> "Mark Esper",
    "hwang jang yop who" -> "hwang jang yop")."""
    words = re.findall(r"[^\W_]+(?:-[^\W_]+)*", text)
    if len(words) > 1 and words[-1].lower() in ("who", "whos"):
        words = ["who", "is", *words[:-1]]
    start = 1 if words and words[0].lower() == "whos" else 2
    if words and words[0].lower() == "who" and len(words) > 1 and words[1].lower() == "s":
        start = 2
    kept = [w for w in words[start:] if w.lower() not in ("the", "exactly")]
    return " ".join(kept)


_ABOUT = frozenset({"about", "on", "regarding", "re"})
_TOPIC_OPENERS = frozenset(
    {"anything", "something", "info", "information", "more", "details", "stuff", "everything"}
)
_POST_REQUESTS = frozenset({"link", "links", "show", "find", "url"})
_POST_NOUNS = frozenset({"post", "posts", "article", "articles", "entry", "story", "piece"})
_WRAPPERS = frozenset({"can", "could", "would", "you", "please", "pls", "me", "just", "so"})


def asks_about_topic(lows: list[str]) -> bool:
    """ "tell me about the protests", "anything on china?", "info about the scm", "link to
    the esper post": a request for what the archive has on a topic, not for one fact.
    Such a question the facts cannot answer gets the post that best matches it."""
    words = [w for w in lows if w not in _WRAPPERS] or lows
    if "tell" in words[:2]:  # "tell me (more) about X", not "tell me a joke about X"
        after = words[words.index("tell") + 1 :]
        if after[:1] and after[0] in _TOPIC_OPENERS:
            after = after[1:]
        return bool(after[:1]) and after[0] in _ABOUT
    for i, word in enumerate(words[:4]):
        # "anything on china?", "do you have anything about kishida", "where can i read
        # about the scm"
        reader = word == "read" and i > 0 and words[i - 1] in ("i", "to")
        said = i > 0 and words[i - 1] in SAYING  # "did trump say anything about it": his words
        opener = word in _TOPIC_OPENERS and not said
        if (opener or reader) and len(words) > i + 2 and words[i + 1] in _ABOUT:
            return True
    if words[:4] in (["what", "do", "have", "on"], ["what", "do", "have", "about"]):
        return True
    if _blog_says_about(words):
        return True
    present = set(words)
    if not present & _POST_NOUNS:
        return False
    if words[0] in ("which", "what", "is", "are") and _post_about(words):
        return True  # "which post talks about the hat", "is there a post on the vigil"
    return bool(present & _POST_REQUESTS) or words[:2] in (["where", "is"], ["where", "s"])


_POST_VERBS = word_set(
    "talks talk talked mentions mention mentioned covers cover covered discusses discuss"
    " discussed explains explain explained deals"
)


def _post_about(words: list[str]) -> bool:
    """A post noun followed by "about"/"on" or a verb of what a post does ("covers")."""
    for i, word in enumerate(words[:-2]):
        if word not in _POST_NOUNS:
            continue
        after = words[i + 1 :]
        if after[0] in ("is", "s", "was"):  # "which post is about the hat"
            after = after[1:]
        if not after or not (after[0] in _ABOUT or after[0] in _POST_VERBS):
            continue
        topic = [w for w in after[1:] if w not in _ABOUT and w not in ("the", "a", "an")]
        return bool(topic)  # "what did the post talk about" names no topic
    return False


TOPIC_REQUEST_WORDS = _POST_VERBS | {"read"}
"""Words of a topic request that name no topic ("which post covers X", "read about X")."""


_ARCHIVE_NOUNS = frozenset(
    {"blog", "blogger", "bloggers", "author", "authors", "writer", "writers", "site"}
    | {"website", "archive", "rokdrop"}
)
_ABOUT_WORDS = word_set(
    "is s are the this a rok drop run runs write writes own owns behind made makes started"
    " start wrote tag page"
)


def _about_archive(words: list[str], present: set[str]) -> bool:
    """ "what is rok drop", "who runs this blog", "who is the blogger": the question is
    the archive itself, nothing in it."""
    if not words or words[0] not in ("what", "who", "whats", "whos"):
        return False
    rest = present - {words[0]}
    return bool(rest & _ARCHIVE_NOUNS) and rest <= _ARCHIVE_NOUNS | _ABOUT_WORDS


_BLOG_SAYS = frozenset({"say", "says", "said", "write", "writes", "wrote", "written"})


def _blog_says_about(words: list[str]) -> bool:
    """ "what did the blog say about X", "what has the blog written on X": the blog's
    posts on X (the blogger's own opinion is the VIEW intent)."""
    if "blog" not in words[:4]:
        return False
    after = words[words.index("blog") + 1 :]
    while after[:1] and after[0] in ("has", "have", "had", "ever", "did", "does"):
        after = after[1:]
    return len(after) > 2 and after[0] in _BLOG_SAYS and after[1] in _ABOUT
