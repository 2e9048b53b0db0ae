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
- rank.py: the top fact candidates are rescored 0-100 from IDF-weighted
  recall (how much of the question the fact covers) and precision (how much of
  its best phrasing the question covers), with adjustments for question type
  (who/when/why... of the phrasings), dates, and names the fact never mentions.
- engine.py: HIGH >= 80, MEDIUM >= 64 with a margin over the runner-up; LOW is
  never returned (it becomes a NoAnswer with up to three suggestions). With no
  fact, the best sentence of a post may answer (kind "passage", a stricter bar,
  never a sentence a curated fact already quotes).
- build.py: incremental builds keep the previous base segment's arrays,
  tombstone the docs of changed facts and posts, and index everything else in a
  small delta segment; a big delta triggers a full build. persist.py saves and
  loads the arrays (npz, no pickle) keyed by the knowledge version.
"""

from bot.engine.engine import Engine
from bot.engine.types import Confidence, NoAnswer, Reply, Result, Suggestion

__all__ = ["Confidence", "Engine", "NoAnswer", "Reply", "Result", "Suggestion"]
