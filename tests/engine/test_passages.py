"""Answers drawn from the posts' own sentences when no curated fact answers.

Most tests use the bundled archive with its facts removed: a blog imported
without curation. Every answer there is a passage.
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from bot.engine import Engine, NoAnswer, Reply, Tier
from bot.engine.dates import dates_in_text
from bot.engine.detail import what_is_term
from bot.engine.passages import asked_thing, relative_period
from bot.engine.query import parse
from bot.engine.quotes import ELLIPSIS
from bot.engine.text import collapse_spaces, stem
from bot.engine.tuning import DEFAULT_TUNING
from bot.render.json import result_to_dict
from bot.render.text import render_result

ANSWERED = (
    "When did Kim Il-sung first use the term Gat-Geun Tactic?",
    "How many hours before the expiry was the announcement made?",
    "What did Harry Harris say about renewed talk of scrapping GSOMIA?",
)


def passage(engine: Engine, question: str) -> Reply:
    result = engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.kind == "passage"
    return result


def test_uncurated_archive_answers_from_a_post_sentence(bare_engine: Engine) -> None:
    """Without facts, a question the posts answer gets a sentence of the post as its answer."""
    result = passage(bare_engine, "When did Kim Il-sung first use the term Gat-Geun Tactic?")
    assert result.fact_id is None
    assert "1969" in result.answer
    assert result.post_id == "gat-geun-tactic"


@pytest.mark.parametrize("question", ANSWERED)
def test_passage_answer_is_a_sentence_of_its_quote(bare_engine: Engine, question: str) -> None:
    """The short answer is one of the quoted sentences, word for word."""
    result = passage(bare_engine, question)
    assert result.answer.removesuffix(ELLIPSIS) in result.quote


@pytest.mark.parametrize("question", ANSWERED)
def test_passage_quote_is_verbatim_from_the_post(bare_engine: Engine, question: str) -> None:
    """The quote stands, whitespace aside, in one text of the post it names, with its source."""
    result = passage(bare_engine, question)
    post = bare_engine.knowledge.posts_by_id[result.post_id]
    texts = [(collapse_spaces(text), source) for text, source in post.texts()]
    holding = [source for text, source in texts if result.quote in text]
    assert holding, result.quote
    assert result.quote_source == holding[0]


@pytest.mark.parametrize("question", ANSWERED)
def test_passage_link_highlights_the_quote_on_its_post(bare_engine: Engine, question: str) -> None:
    """The link is the post's permalink with a text fragment that starts and ends the quote."""
    result = passage(bare_engine, question)
    post = bare_engine.knowledge.posts_by_id[result.post_id]
    base, _, directive = result.url.partition("#:~:text=")
    assert base == post.url
    start, _, end = (unquote(part) for part in directive.partition(","))
    assert result.quote.startswith(start)
    assert result.quote.endswith(end or start)


@pytest.mark.parametrize("question", ANSWERED)
def test_passage_tier_follows_its_confidence(bare_engine: Engine, question: str) -> None:
    """A passage is confident at the passage gate's upper bar, else likely and says how it
    understood the question."""
    result = passage(bare_engine, question)
    assert result.confidence >= DEFAULT_TUNING.passage_likely
    if result.confidence >= DEFAULT_TUNING.passage_confident:
        assert result.tier is Tier.CONFIDENT
        assert result.understood_as is None
    else:
        assert result.tier is Tier.LIKELY
        assert result.understood_as


def test_how_many_is_answered_by_a_sentence_with_the_number(bare_engine: Engine) -> None:
    """A "how many" question gets the sentence that gives the number."""
    result = passage(bare_engine, "How many hours before the expiry was the announcement made?")
    assert "six hours" in result.answer


@pytest.mark.parametrize(
    "question",
    [
        "who won the 2022 world cup",
        "What is the GSOMIA budget?",
        "which newspaper interviewed harry harris at habib house",
    ],
)
def test_uncurated_archive_abstains_on_what_the_posts_do_not_say(
    bare_engine: Engine, question: str
) -> None:
    """Off-topic and near-topic questions the posts do not answer get "I don't know"."""
    assert isinstance(bare_engine.answer(question), NoAnswer)


def test_which_question_needs_a_sentence_naming_the_thing(bare_engine: Engine) -> None:
    """ "Which group ..." is not answered by a sentence about unnamed activists."""
    result = bare_engine.answer("which civic group staged the rally during stilwell's visit")
    assert isinstance(result, NoAnswer)


def test_date_question_without_facts_answers_with_the_sentence_naming_it(
    bare_engine: Engine,
) -> None:
    """ "What happened on <day>" gets the sentence that names that day, as a likely answer."""
    result = passage(bare_engine, "what happened on 21 November 2019?")
    assert "Nov. 21, 2019" in result.answer
    assert result.tier is Tier.LIKELY
    assert result.understood_as == "What the blog says about November 21, 2019"


def test_when_question_without_facts_takes_a_sentence_dated_by_its_weekday(
    bare_engine: Engine,
) -> None:
    """News sentences date events by weekday ("on Friday"); the post's date says which
    week, so such a sentence answers "when" (it used to be no candidate at all)."""
    result = passage(bare_engine, "when did the defense ministry start normalizing gsomia")
    assert "initiated the process to normalize" in result.answer
    assert "on Friday" in result.answer


def test_an_irregular_verb_finds_its_other_forms(bare_engine: Engine) -> None:
    """ "what did the ministry send" is answered by "it sent a letter", not by the sentence
    that happens to say "send" about another ministry."""
    assert stem("sent") == stem("send")
    assert stem("told") == stem("tell")
    assert stem("left") != stem("leave")  # "left wing": a form that is another word too
    result = passage(bare_engine, "what did the defense ministry send to the foreign ministry")
    assert "sent a letter to the foreign ministry" in result.answer


def test_curated_archive_still_answers_with_its_fact(real_engine: Engine) -> None:
    """With facts present, a question a fact answers gets the fact, not a passage."""
    result = real_engine.answer("When did Kim Il-sung first use the term Gat-Geun Tactic?")
    assert isinstance(result, Reply)
    assert result.kind == "fact"


def test_asked_thing_leaves_out_the_verb(bare_engine: Engine) -> None:
    """In "which civic group organized the rally" the thing asked about is the group."""
    query, _ = bare_engine.considered("which civic group organized the rally")
    thing = asked_thing(query)
    assert thing is not None
    assert thing.label == "group"


@pytest.mark.parametrize("question", ["what happened after 1972", "before nov 2019 who said it"])
def test_a_bound_is_not_the_period_asked_about(bare_engine: Engine, question: str) -> None:
    """ "after 1972" bounds the time asked about; it does not name it."""
    query, _ = bare_engine.considered(question)
    assert relative_period(query)


def test_a_plain_period_is_the_period_asked_about(bare_engine: Engine) -> None:
    """ "in November 2019" names the time asked about."""
    query, _ = bare_engine.considered("what happened in November 2019")
    assert relative_period(query) is False


def test_dates_in_text_reads_the_archive_forms() -> None:
    """Days with and without a year, a month with its year and a bare year are found."""
    text = "A vigil on Nov. 21, 2019, talks from Nov. 15 to 16, the March 2023 summit, 1965."
    assert dates_in_text(text, 2019) == (
        (2019, 11, 21),
        (2019, 11, 15),
        (2023, 3, None),
        (1965, None, None),
    )


def test_an_unsure_reply_without_facts_points_to_posts(bare_engine: Engine) -> None:
    """With no fact to suggest, "I don't know" still names the posts a search finds, each
    linked to its best passage; a question about nothing in the archive names none."""
    result = bare_engine.answer("when was gsomia restored")
    assert isinstance(result, NoAnswer), result
    assert not result.suggestions
    assert 1 <= len(result.related) <= 2
    titles = [hit.post_title for hit in result.related]
    assert any("Restore" in title for title in titles)
    posts = bare_engine.knowledge.posts_by_id
    for hit in result.related:
        texts = " ".join(" ".join(t.split()) for t, _ in posts[hit.post_id].texts())
        assert collapse_spaces(hit.passage).removesuffix(ELLIPSIS)[:60] in texts
        assert hit.url.startswith(posts[hit.post_id].url)
    text = render_result(result)
    assert "Posts that may help:" in text
    assert result_to_dict(result)["related"][0]["post_id"] == result.related[0].post_id
    nothing = bare_engine.answer("what is the capital of france")
    assert isinstance(nothing, NoAnswer)
    assert nothing.related == ()


def test_what_the_blog_said_about_a_topic_is_its_post(bare_engine: Engine) -> None:
    """An imported blog without facts: "what did the blog say about the candlelight vigil"
    gets the post about it (the words "blog" and "say", which no post uses, are the
    request, not the topic)."""
    result = bare_engine.answer("what did the blog say about the candlelight vigil")
    assert isinstance(result, Reply), result
    assert result.tier is Tier.LIKELY
    assert "Protesters" in result.post_title
    assert result.answer.startswith("The post on that is")


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("what is the habib house", "his residence in Seoul, Habib House,"),
        ("what's habib house?", "his residence in Seoul, Habib House,"),
        ("what was the scm", "Security Consultative Meeting (SCM)"),
        ("what is gsomia", "General Security of Military Information Agreement (GSOMIA)"),
    ],
)
def test_what_is_x_gets_the_sentence_that_says_what_x_is(
    bare_engine: Engine, question: str, said: str
) -> None:
    """Without facts, "what is X" answers with a sentence that says what X is (it spells
    X out or describes it), not the shortest sentence that merely names it."""
    result = passage(bare_engine, question)
    assert said in result.answer
    assert result.tier is Tier.LIKELY


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("what is the habib house", "habib house"),
        ("What's GSOMIA?", "GSOMIA"),
        ("wat was the scm", "scm"),
        ("what is the scm in nov 2019", None),
        ("what did moon say to esper about japan", None),
        ("when was the scm", None),
    ],
)
def test_what_is_term(real_engine: Engine, question: str, term: str | None) -> None:
    query = parse(question, real_engine._vocab, real_engine._synonyms)
    assert what_is_term(query) == term
