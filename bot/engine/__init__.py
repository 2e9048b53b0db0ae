"""The answer engine: an immutable index over a Knowledge that answers questions.

Never imports discord; front doors render the Reply / NoAnswer it returns.

Design, in the order a question meets it:

- query.py: the text is bounded (500 chars, as `/ask` takes; 64 distinct words), NFKC-folded and
  split with fixed patterns. Stopwords go, unknown words of 4+ letters are
  typo-repaired against the archive's words (vocab.py, same first letter,
  Damerau-Levenshtein 1, or 2 from 8 letters), then curated synonym phrases
  (Knowledge.synonyms) turn words into concepts with alternatives. Each
  concept weighs its IDF; words the archive never uses weigh as much as its
  rarest words, so they count against every candidate. Latest-post intents
  and date expressions are recognised here too.
- postings.py / segment.py: two doc spaces per segment, facts (all phrasings,
  plus answer, tags and quote as a weaker field) and passages (post title doc,
  one doc per body or quote). Postings are numpy arrays of doc ids and uint8
  BM25 impacts; a per-thread dense accumulator scores the query's rarer terms
  and argpartition picks the top docs.
- rank.py: the top fact candidates are rescored 0-100, mostly (80%) from
  IDF-weighted recall: how much of the question the whole fact covers (all its
  phrasings, answer, tags and quote count alike). The rest is precision, half
  from the best single phrasing and half from all phrasings pooled, so no one
  phrasing's wording decides. Small adjustments for question type and dates,
  and for names the fact never mentions.
- features.py / decision.py / tuning.py: the decision is a pure step over the
  parsed question, the ranked candidates and a frozen Tuning (every number, with
  the run that set it). A logistic gate (weights in gate.json, fitted by
  eval/fit_gate.py on fresh member-style questions, never on the held-back or
  score-once splits) turns a few features of the ranking into the probability
  that the first fact is right: its score and recall, its lead over the runner-up
  and over the best non-sibling (siblings share a post, a date or an answer),
  unknown words, names it never mentions, and whether it gives the detail asked
  for (detail.py: when -> a date, which day -> a day, how many -> a number, who ->
  a person). Beside the gate: a clear lead (full recall, score >= 92, 8 points
  over every non-sibling) is confident; a fact missing the asked-for detail gives
  a partial NoAnswer saying what the archive does say. Tiers: confident (the
  answer), likely (the answer, "Answering: <phrasing>" and the other candidates),
  unsure (a NoAnswer with suggestions). A question that is one of a fact's
  curated phrasings word for word gets that fact (autocomplete and "did you mean"
  buttons send phrasings back verbatim); "What's X" and a bare topic are asked as
  "what is X".
- passages.py: when no fact fits (or the archive has no facts at all), a post
  sentence may answer (kind "passage"), never a sentence a fact quotes. The
  retrieved texts' sentences are ranked by how much of the question the sentence,
  its quote (the whole neighbouring sentences that fit the quote limit) and its
  post cover; a sentence without the detail asked for, or without the thing a
  "which X" asks about, is no candidate. A second logistic gate
  (passage_gate.json, fitted by eval/fit_gate.py on the training questions asked
  of the archive without and with its facts) gives the first passage's
  probability; the same tiers follow from its own thresholds. "What happened on
  <day>" with no fact dated then answers with the sentence naming the day.
- intents.py / archive.py: questions about the archive itself (newest, oldest,
  how many posts, in a period, on a topic) are answered from the posts' dates;
  "what does the blogger think" from the blogger's own words (post bodies).
- pages.py / quotes.py: deep links highlight the quote alone: the text fragment's
  start and end are grown until they are unique on the page at that url.
- build.py: incremental builds keep the previous base segment's arrays,
  tombstone the docs of changed facts and posts, and index everything else in a
  small delta segment; a big delta triggers a full build. persist.py saves and
  loads the arrays (npz, no pickle) keyed by the knowledge version.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.engine.engine import Engine
    from bot.engine.types import NoAnswer, Reply, Result, Suggestion, Tier

__all__ = ["Engine", "NoAnswer", "Reply", "Result", "Suggestion", "Tier"]

_HOME = {
    "Engine": "bot.engine.engine",
    "NoAnswer": "bot.engine.types",
    "Reply": "bot.engine.types",
    "Result": "bot.engine.types",
    "Suggestion": "bot.engine.types",
    "Tier": "bot.engine.types",
}
"""Where each name lives: imported on first use, so that importing one module of the
package (a renderer importing the types) does not load the rest (numpy, the index)."""


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
