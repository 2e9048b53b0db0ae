"""The short guide a member gets for "help", "what can you do" or `/help`.

No discord import: the Discord cog and the `chat` console show the same guide,
each with its own list of commands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from bot.datefmt import posts_held
from bot.knowledge.models import Knowledge

EXAMPLES = 3
"""Example questions in the guide: the first phrasing of facts from different posts."""

_HELP_ASKS = frozenset(
    {
        "help",
        "help me",
        "halp",
        "commands",
        "what can you do",
        "what do you do",
        "what can i ask",
        "what can i ask you",
        "what should i ask",
        "what are you",
        "who are you",
        "what is this",
        "what is this bot",
        "whats this bot",
        "what does this bot do",
        "what does this do",
        "how do i use this",
        "how do i use you",
        "how does this work",
        "how do you work",
        "how do i ask",
        "how to use",
        "what is this bot for",
        "what is this for",
        "what are you for",
        "what do you know",
        "what can you tell me",
        "what do you do here",
    }
)
_FILLER = re.compile(
    r"\b(please|pls|bot|hey|hi|hiya|hello|howdy|yo|um|so|ok|okay|good (?:morning|afternoon|"
    r"evening|day)|greetings|there|all|everyone)\b"
)
"""Greetings and filler around a request for help; a message of nothing else ("hi",
"hello there!") is a greeting: the guide answers it."""
_THANKS = frozenset(
    {
        "thanks",
        "thank you",
        "thanks a lot",
        "thanks much",
        "thank you much",
        "thank you very much",
        "many thanks",
        "thx",
        "ty",
        "tysm",
        "cheers",
        "much appreciated",
        "appreciate it",
        "thanks that helps",
        "thanks that helped",
    }
)
THANKS_REPLY = "You're welcome! Ask me anything else about the archive."
_NOT_WORDS = re.compile(r"[^\w\s]")


def wants_help(text: str) -> bool:
    """True when the whole message asks what the bot is or how to use it.

    Whole-message only: "help me find when GSOMIA was restored" is a question.
    """
    words = _words(text)
    if words.startswith("the "):
        words = words[4:]
    return words in _HELP_ASKS or (words == "" and bool(text.strip()))


def says_thanks(text: str) -> bool:
    """True when the whole message thanks the bot ("thanks!", "ty bot", "thank you so much")."""
    return _words(text) in _THANKS


def _words(text: str) -> str:
    """A message folded to its lowercase words, greetings and filler left out."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("’", "")
    return " ".join(_FILLER.sub(" ", _NOT_WORDS.sub(" ", folded)).split())


def example_questions(knowledge: Knowledge, count: int = EXAMPLES) -> tuple[str, ...]:
    """The first phrasing of one fact from each of the newest posts that have facts."""
    first_by_post: dict[str, str] = {}
    for fact in knowledge.facts:
        if fact.questions and fact.post not in first_by_post:
            first_by_post[fact.post] = fact.questions[0]
    examples = [first_by_post[p.id] for p in knowledge.posts if p.id in first_by_post]
    return tuple(examples[:count])


def guide(
    knowledge: Knowledge,
    commands: Sequence[tuple[str, str]],
    *,
    how_to_ask: str,
    markdown: bool = True,
) -> str:
    """How to ask, the commands, what the archive holds, and a few example questions."""
    bold, em, code = ("**", "*", "`") if markdown else ("", "", "")
    archive = knowledge.archive
    holds = posts_held(len(knowledge.posts), knowledge.date_range)
    lines = [
        f"I answer questions about {bold}{archive.name}{bold} ({holds}) with a short answer, "
        "a quote from the post and a link to it.",
        how_to_ask,
    ]
    if commands:
        lines.append("")
        lines.extend(f"{code}{name}{code}: {what}" for name, what in commands)
    examples = example_questions(knowledge)
    if examples:
        lines.append("")
        lines.append("Try: " + " · ".join(f"{em}{q}{em}" for q in examples))
    return "\n".join(lines)
