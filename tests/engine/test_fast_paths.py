"""The answer path's fast versions give exactly what the plain versions give."""

from __future__ import annotations

import random
from itertools import pairwise
from urllib.parse import quote

import numpy as np
import pytest

from bot.engine import Engine
from bot.engine.postings import IMPACT_SCALE
from bot.engine.query import parse, phrasing_kind
from bot.engine.quotes import _encode, find_in_texts
from bot.engine.rank import FactScorer, query_terms, score_fact
from bot.engine.segment import SHIFT_PASSES, distinct_sums
from bot.knowledge.models import Knowledge
from tests.engine.sample import QUESTIONS as SAMPLE_QUESTIONS
from tests.engine.sample import changed_knowledge

QUESTIONS = (
    *SAMPLE_QUESTIONS,
    "did japan and korea share intel",
    "who is the defence minister",
    "why did seoul end the pact",
    "how many days before expiry",
)


def _reference_sums(ptr: list[int], terms: list[int], idf: list[float]) -> list[float]:
    out = []
    for a, b in pairwise(ptr):
        total = 0.0
        for t in set(terms[a:b]):
            total += idf[t]
        out.append(total)
    return out


def _ranges(lengths: list[int]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)


def test_distinct_sums_match_python_sums_of_distinct_terms() -> None:
    """Each range's sum counts every distinct term once, whatever the repeats and gaps."""
    rng = random.Random(3)
    lengths = [rng.choice((0, 1, 2, 3, 5, 7, SHIFT_PASSES + 4, 30)) for _ in range(400)]
    lengths[0] = lengths[-1] = 0  # empty ranges at both ends too
    terms = [rng.randrange(12) for _ in range(sum(lengths))]  # few terms: many repeats
    idf = np.array([rng.uniform(0.1, 9.0) for _ in range(12)], dtype=np.float32)
    ptr = _ranges(lengths)
    got = distinct_sums(ptr, np.array(terms, dtype=np.int32), idf)
    want = _reference_sums(ptr.tolist(), terms, [float(x) for x in idf.tolist()])
    assert got.tolist() == want


def test_distinct_sums_of_no_ranges_is_empty() -> None:
    """An index without phrasings has no sums (and does not fail)."""
    got = distinct_sums(
        np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32), np.ones(3, np.float32)
    )
    assert got.tolist() == []


def _every_score(engine: Engine) -> list[tuple[str, int, int, bool]]:
    """(question, segment, doc, same) for every fact doc of every segment."""
    out = []
    vocab = engine._vocab
    for question in QUESTIONS:
        query = parse(question, vocab, engine._synonyms)
        qterms = query_terms(query)
        for s, segment in enumerate(engine._state.segments):
            scorer = FactScorer(segment, vocab.idf, vocab.idf_list)
            for doc in range(len(segment.fact_index)):
                fast = scorer.score(query, qterms, doc, vocab.proper)
                plain = score_fact(
                    query,
                    qterms,
                    segment.phrasing_terms(doc),
                    segment.answer_terms(doc),
                    vocab.idf_list,
                    vocab.proper,
                )
                out.append((question, s, doc, fast == plain))
    return out


def test_fact_scorer_scores_like_score_fact(engine: Engine) -> None:
    """Every fact gets bit-for-bit the score, recall, precision and phrasing of score_fact."""
    results = _every_score(engine)
    assert results
    assert [r for r in results if not r[3]] == []


def test_fact_scorer_after_an_incremental_build(engine: Engine) -> None:
    """With a delta segment and a changed idf, both segments still score like score_fact."""
    incremental = Engine.build(changed_knowledge(), previous=engine)
    assert len(incremental._state.segments) == 2
    results = _every_score(incremental)
    assert {r[1] for r in results} == {0, 1}
    assert [r for r in results if not r[3]] == []


def test_precomputed_phrasing_sums_follow_the_new_idf(engine: Engine) -> None:
    """After an incremental build the reused base segment's sums use the new idf."""
    incremental = Engine.build(changed_knowledge(), previous=engine)
    base = incremental._state.base
    assert base.phr_terms is engine._state.base.phr_terms  # the same arrays, reused
    vocab = incremental._vocab
    want = _reference_sums(base.phr_term_ptr.tolist(), base.phr_terms.tolist(), vocab.idf_list)
    assert base.phrasing_weights(vocab.idf).tolist() == want


def test_search_returns_each_doc_once_with_its_summed_score(engine: Engine) -> None:
    """Docs matching several terms come back once, scored with every term's share."""
    segment = engine._state.base
    postings = segment.facts
    tids = [t for t in range(len(postings.ptr) - 1) if len(postings.slice(t)[0])][:6]
    weights = [(t, 1.0 + i) for i, t in enumerate(tids)]
    docs, scores = postings.search(weights, segment.fact_alive, k=len(segment.fact_index))
    assert len(set(docs.tolist())) == len(docs)
    want: dict[int, np.float32] = {}
    for tid, weight in weights:
        tdocs, impacts = postings.slice(tid)
        part = impacts * np.float32(weight * IMPACT_SCALE)
        for d, v in zip(tdocs.tolist(), part.tolist(), strict=True):
            want[d] = np.float32(want.get(d, np.float32(0.0)) + np.float32(v))
    assert sorted(docs.tolist()) == sorted(want)
    assert scores.tolist() == [float(want[d]) for d in docs.tolist()]
    assert list(scores) == sorted(scores, reverse=True)


def test_search_leaves_the_accumulator_clean(engine: Engine) -> None:
    """After a search the per-thread score array is all zero again."""
    segment = engine._state.base
    tids = [t for t in range(len(segment.facts.ptr) - 1) if len(segment.facts.slice(t)[0])][:4]
    segment.facts.search([(t, 1.0) for t in tids], segment.fact_alive, 3)
    assert not segment.facts.accumulator().any()


def test_repair_from_the_cache_is_the_repair_from_a_scan(engine: Engine) -> None:
    """Asking twice for the same misspelling gives the term a fresh scan gives."""
    vocab = engine._vocab
    first = vocab.repair("gsomai")
    assert first is not None
    assert vocab.repair("gsomai") == first == vocab._repair("gsomai")


def test_repair_cache_is_not_shared_with_a_copy(knowledge: Knowledge) -> None:
    """A copied vocabulary (incremental build) starts without the old repairs."""
    vocab = Engine.build(knowledge)._vocab
    vocab.repair("gsomai")
    assert vocab._repairs
    assert vocab.copy()._repairs == {}


@pytest.mark.parametrize(
    "text",
    ["Signed in 2016, GSOMIA", "a-b c~d_e.f", "100% (sure)?", "Moon’s “pact” — é", "", "-"],
)
def test_encode_matches_urllib_quote(text: str) -> None:
    """The fragment encoding is urllib's, with "-" encoded as well."""
    assert _encode(text) == quote(text, safe="").replace("-", "%2D")


def test_find_in_texts_sees_a_quote_across_a_line_break() -> None:
    """A quote is found in a text that breaks its line where the quote has a space."""
    texts = (("Nothing here.", None), ("It was\n  signed in 2016.", "Reuters"))
    assert find_in_texts("was signed in 2016", texts) == 1


def test_find_in_texts_returns_the_first_text_with_the_quote() -> None:
    """When two texts hold the quote, the earlier one (collapsed match) wins."""
    texts = (("It was\nsigned.", None), ("It was signed.", None))
    assert find_in_texts("was signed", texts) == 0


def test_phrasing_kind_reads_dotted_acronyms() -> None:
    """Dotted words are read without their dots, as the tokenizer reads them."""
    assert phrasing_kind("When did the U.S. envoy arrive?") == "when"
    assert phrasing_kind("What year was it signed?") == "when"
    assert phrasing_kind("HOW MANY days?") == "how many"
