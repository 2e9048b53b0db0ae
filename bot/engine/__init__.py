"""The answer engine: an immutable index over a Knowledge that answers questions.

Never imports discord; front doors render the Reply / NoAnswer it returns.

Design, in the order a question meets it:

- query.py: the text is bounded (2,000 chars, 64 distinct words), NFKC-folded and
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
- engine.py: a fact answers at >= 78 when it leads the runner-up by a margin
  that shrinks from 16 points at 78 to none at 100 (HIGH >= 90 is only the
  label); calibrated with eval/crossval.py. When the scores alone do not
  answer, a question that is one of a candidate fact's curated phrasings word
  for word still gets that fact (autocomplete and "did you mean" buttons send
  phrasings back verbatim). Otherwise a NoAnswer with up to three
  suggestions. A post sentence may answer (kind "passage", >= 90) only when
  no fact comes near (best fact < 50), never a sentence a fact quotes.
- build.py: incremental builds keep the previous base segment's arrays,
  tombstone the docs of changed facts and posts, and index everything else in a
  small delta segment; a big delta triggers a full build. persist.py saves and
  loads the arrays (npz, no pickle) keyed by the knowledge version.
"""

from bot.engine.engine import Engine
from bot.engine.types import NoAnswer, Reply, Result, Suggestion, Tier

__all__ = ["Engine", "NoAnswer", "Reply", "Result", "Suggestion", "Tier"]
