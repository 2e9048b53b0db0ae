"""The same question in capitals, with contractions or as a bare topic gets the same answer,
and archive questions (newest, oldest, how many, the blogger's view) are understood."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.datefmt import date_span, posts_held
from bot.engine import Engine, NoAnswer, Reply, Tier
from bot.engine.archive import subject_of
from bot.engine.detail import defines
from bot.engine.intents import Intent, asks_about_topic, detect
from bot.engine.query import parse, tokenize
from bot.engine.text import phrasing_key, surface


def test_capital_stopwords_are_not_acronyms() -> None:
    """ "WHAT" and "IS" stay stopwords; "US" in capitals is the United States."""
    assert surface("WHAT") == ("what", False)
    assert surface("US") == ("us", True)
    assert surface("us") == ("us", False)


@pytest.mark.parametrize(
    "question",
    [
        "WHAT IS GSOMIA",
        "What's GSOMIA?",
        "whats gsomia",
        "gsomia??? 🤔",
        "what is gsomia exactly",
        "What's GSOMIA, actually?",
        "wat is gsomia",
        "yo wut is gsomia",
        "what's up with gsomia",
        "whats the deal with gsomia",
        "so what is gsomia",
        "So, what's GSOMIA?",
        "what does gsomia do",
        "what is the purpose of gsomia",
        "purpose of gsomia?",
        "what is gsomia for",
    ],
)
def test_forms_of_what_is_gsomia(real_engine: Engine, question: str) -> None:
    """Capitals, contractions, chat filler ("what's the deal with", an opening "so"), a
    bare topic and what it is for ("what does gsomia do", "the purpose of gsomia") get the
    answer "what is gsomia" gets."""
    plain = real_engine.answer("what is gsomia")
    result = real_engine.answer(question)
    assert isinstance(plain, Reply)
    assert isinstance(result, Reply)
    assert result.fact_id == plain.fact_id


def test_contractions_in_phrasing_keys() -> None:
    """ "what's" and "whats" read as "what is"."""
    assert phrasing_key("What's GSOMIA?") == "what is gsomia"
    assert phrasing_key("whats gsomia") == "what is gsomia"


def test_the_us_lowercase_is_the_country(real_engine: Engine) -> None:
    """ "the us" keeps "us" as a concept (it is not the pronoun)."""
    from bot.engine.query import parse

    query = parse("what did the us say about gsomia", real_engine._vocab, real_engine._synonyms)
    assert "us" in {c.label for c in query.concepts}


@pytest.mark.parametrize(
    ("words", "intent"),
    [
        ("newest thing on the tag", Intent.LATEST),
        ("anything new lately about the pact", Intent.LATEST),
        ("whats the current status", Intent.LATEST),
        ("latst post", Intent.LATEST),
        ("what's the first post", Intent.OLDEST),
        ("oldest article", Intent.OLDEST),
        ("how many posts are in the archive", Intent.COUNT),
        ("what does the blogger think about moon", Intent.VIEW),
        ("whats the bloggers take on esper", Intent.VIEW),
        ("when was gsomia first signed", None),
        ("what did moon say about japan", None),
        ("any news", Intent.LATEST),
        ("what is rok drop", Intent.ABOUT),
        ("who is the blogger", Intent.ABOUT),
        ("who writes this blog", Intent.ABOUT),
        ("what does the blogger write about moon", Intent.VIEW),
        ("is gsomia dead", Intent.LATEST),
        ("is the pact still alive", Intent.LATEST),
        ("was gsomia dead between 2019 and 2023", None),
        ("new posts on gsomia?", Intent.LATEST),
        ("any new articles", Intent.LATEST),
        ("which news wire supplied the photo of the new president", None),
        ("what did the new government say about the pact", None),
    ],
)
def test_intents(words: str, intent: Intent | None) -> None:
    """Archive intents from casual and misspelled phrasings; plain questions have none."""
    lows = [w.replace("'", " ") for w in words.lower().split()]
    flat = " ".join(lows).split()
    assert detect(flat, "how many" in words) is intent


def test_count_of_posts(real_engine: Engine) -> None:
    """How many posts, overall and in a year, from the posts' own dates."""
    total = real_engine.answer("how many posts are in the archive")
    assert isinstance(total, Reply)
    assert f"{len(real_engine.knowledge.posts)} posts" in total.answer
    in_2019 = sum(p.date.year == 2019 for p in real_engine.knowledge.posts)
    year = real_engine.answer("how many posts in 2019?")
    assert isinstance(year, Reply)
    assert f"{in_2019} posts" in year.answer
    none = real_engine.answer("how many posts in 2021")
    assert isinstance(none, NoAnswer)
    assert none.note is not None
    assert "no posts" in none.note


def test_the_archives_own_tag_is_no_topic(real_engine: Engine) -> None:
    """On a tag page every post is about the tag: "how many articles are tagged gsomia"
    counts them all (one post never writes the word), and "where do things stand with
    gsomia right now" is the newest post of all, not the newest that says "right"."""
    posts = real_engine.knowledge.posts
    total = real_engine.answer("how many articles total are tagged gsomia")
    assert isinstance(total, Reply)
    assert total.answer.startswith(f"The archive holds {len(posts)} posts,")
    status = real_engine.answer("where do things stand with gsomia right now")
    assert isinstance(status, Reply)
    assert status.post_id == max(posts, key=lambda p: p.date).id
    assert status.answer.startswith("The newest post is")
    some = real_engine.answer("how many posts mention esper")
    assert isinstance(some, Reply)
    assert "posts on that" in some.answer


@pytest.mark.parametrize(
    ("url", "subject"),
    [
        ("https://rokdrop.net/tag/gsomia/", "gsomia"),
        ("https://example.org/category/north-korea/page/2/", "north korea"),
        ("https://example.org/", ""),
        (None, ""),
    ],
)
def test_the_subject_of_an_archive_url(url: str | None, subject: str) -> None:
    assert subject_of(url) == subject


def test_oldest_and_newest(real_engine: Engine) -> None:
    """The oldest and the newest post, by date."""
    posts = real_engine.knowledge.posts
    newest = max(posts, key=lambda p: p.date)
    oldest = min(posts, key=lambda p: p.date)
    for question, post in [
        ("what was posted most recently", newest),
        ("newest thing on the tag?", newest),
        ("what's the oldest post", oldest),
    ]:
        result = real_engine.answer(question)
        assert isinstance(result, Reply), question
        assert result.post_id == post.id, question


def test_blogger_view_quotes_the_blogger(real_engine: Engine) -> None:
    """The blogger's view is answered from the post body, not a quoted news source."""
    result = real_engine.answer("what does the blogger think about moon's gsomia decision")
    assert isinstance(result, Reply)
    assert result.quote_source is None
    post = real_engine.knowledge.posts_by_id[result.post_id]
    assert post.body is not None
    assert " ".join(result.quote.split()[:6]) in " ".join(post.body.split())


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("who is Harry Harris", "U.S. Ambassador Harry Harris"),
        ("who is mark esper?", "Defense Secretary Mark Esper"),
        ("who's moon jae-in", "President Moon Jae-in"),
        ("who is shinzo abe", "Prime Minister Shinzo Abe"),
        ("who is kishida", "Prime Minister Fumio Kishida"),
    ],
)
def test_who_is_gives_the_archive_title(real_engine: Engine, question: str, title: str) -> None:
    """ "Who is X" answers with the title the posts give X, quoted where they give it."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply)
    assert title in result.answer
    assert title.split()[-1].lower() in result.quote.lower()


def test_who_is_someone_unknown_is_not_answered(real_engine: Engine) -> None:
    """A name the archive never mentions gets no answer."""
    assert isinstance(real_engine.answer("who is bob smith"), NoAnswer)


@pytest.mark.parametrize(
    "words",
    [
        "how might seoul use the pact in talks over sharing defense costs",
        "who was the number two at the security office in the story",
        "what did the post say about moon",
    ],
)
def test_ordinary_questions_are_no_archive_intents(words: str) -> None:
    """Words one edit from a post word ("costs") or "number" alone make no archive question."""
    lows = words.split()
    assert detect(lows, lows[:2] == ["how", "many"]) is None


@pytest.mark.parametrize(
    "question",
    [
        "help me: when was GSOMIA signed?",
        "hey bot, when was gsomia signed?",
        "quick question - when was gsomia signed",
        "i was wondering when gsomia was signed",
        "Question: when was GSOMIA signed?",
    ],
)
def test_chat_openers_and_filler_do_not_hide_the_question(
    real_engine: Engine, question: str
) -> None:
    """A member's opener ("help me:", "hey bot,", "quick question -") is not part of what
    they ask: the question behind it gets its fact."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.fact_id == "gsomia-signed-2016"
    assert result.question == question  # the reply still echoes what was typed


def test_help_in_the_middle_of_a_question_is_a_word(real_engine: Engine) -> None:
    """Only a leading "help:" is an opener; "did the us help ..." keeps its word."""
    with_help = real_engine.considered("did the us help keep gsomia alive?")[0]
    assert any(c.label == "help" for c in with_help.concepts)


@pytest.mark.parametrize(
    "question",
    ["what was the last thing the blogger said", "what did the blogger write last"],
)
def test_the_bloggers_last_words_are_the_newest_post(real_engine: Engine, question: str) -> None:
    """With no opinion asked, "the last thing the blogger said" is the newest post."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.kind == "latest"
    assert result.post_id == real_engine.knowledge.posts[0].id


def test_status_and_new_words(real_engine: Engine) -> None:
    """ "is gsomia dead?" asks for the current status: the newest post; "new" before a
    noun that is no post ("the new president") is no request for the newest post."""
    newest = max(real_engine.knowledge.posts, key=lambda p: p.date)
    status = real_engine.answer("is gsomia dead?")
    assert isinstance(status, Reply)
    assert status.post_id == newest.id
    assert status.answer.startswith("The newest post is")
    photo = real_engine.answer("which news wire supplied the photo of the new president")
    assert not (isinstance(photo, Reply) and photo.answer.startswith("The newest post"))
    listed = real_engine.answer("new posts on gsomia?")
    assert isinstance(listed, Reply)
    assert listed.answer.startswith("The newest post is")


@pytest.mark.parametrize(
    ("words", "asks"),
    [
        ("tell me about the protests", True),
        ("can you tell me about the scm", True),
        ("anything on china", True),
        ("what do you have on esper", True),
        ("can you give me the link to the esper post", True),
        ("what did moon tell esper about japan", False),
        ("did the protesters read the post", False),
        ("where is the post about harris", True),
        ("does the post say where the video was recorded", False),
        ("anything new about the pact", False),
        ("tell me a joke about the pact", False),
        ("what did the blog say about the candlelight vigil", True),
        ("what has the blog written on esper", True),
        ("what did the blogger say about moon", False),
        ("tell me more about the scm", True),
        ("which post talks about the hat", True),
        ("which post is about the hat", True),
        ("what article covers the gat geun tactic", True),
        ("is there a post on the vigil", True),
        ("do you have anything about kishida", True),
        ("where can i read about the scm", True),
        ("what did the post talk about", False),
        ("which post was the newest", False),
        ("did harris read about the talks", False),
    ],
)
def test_topic_requests(words: str, asks: bool) -> None:
    assert asks_about_topic(words.split()) is asks


def test_tell_me_about_a_topic_gets_its_post(real_engine: Engine) -> None:
    """ "tell me about the protests" is no one fact: the post that matches it, with a
    verbatim passage and its link, as a likely reply; a topic the archive never mentions
    is still "I don't know"."""
    result = real_engine.answer("tell me about the protests")
    assert isinstance(result, Reply), result
    post = real_engine.knowledge.posts_by_id[result.post_id]
    assert "Protesters" in post.title
    assert result.tier is Tier.LIKELY
    assert result.answer.startswith(f"The post on that is “{post.title}”")
    texts = " ".join(" ".join(t.split()) for t, _ in post.texts())
    assert " ".join(result.quote.split()) in texts
    link = real_engine.answer("can you give me the link to the esper post")
    assert isinstance(link, Reply)
    assert "Defense Secretary" in link.post_title
    assert link.understood_as == "What the blog has on esper"
    china = real_engine.answer("anything on china?")
    assert isinstance(china, Reply)
    assert china.quote_source == "Korea Times"  # the post quotes it: the reply says so
    assert isinstance(real_engine.answer("tell me about the weather in paris"), NoAnswer)


def test_who_without_a_title_is_answered_from_the_facts(real_engine: Engine) -> None:
    """ "who's kim il sung": no post gives him a title, so the facts answer (a fact about
    Kim Il-sung, or the facts about him as suggestions when the gate is unsure), not the
    blogger's intro to a post that mentions him."""
    result = real_engine.answer("who's kim il sung")
    if isinstance(result, Reply):
        assert result.kind == "fact"
        assert "Kim Il-sung" in result.answer
    else:
        assert result.suggestions
        facts = {f.id: f for f in real_engine.knowledge.facts}
        fact_id = result.suggestions[0].fact_id
        assert fact_id is not None
        first = facts[fact_id]
        assert "Kim Il-sung" in f"{first.answer} {first.quote}"


def test_a_long_run_after_what_is_no_head(real_engine: Engine) -> None:
    """ "what was the medias big focus days befor the gsomia deadlin" asks about the media
    attention: no word of it is a "which X" head the fact must hold."""
    result = real_engine.answer("wat was the medias big focus days befor the gsomia deadlin")
    assert isinstance(result, Reply), result
    assert "media attention" in result.answer


def test_a_photo_caption_is_no_view(real_engine: Engine) -> None:
    """The blogger's body holds photo captions; "what does the blogger think of yoon" is
    not answered with "President Yoon Suk Yeol (L) shakes hands ..."."""
    from bot.engine.sentences import is_caption

    assert is_caption("President Moon Jae-in (R) shakes hands with Mark Esper (L).")
    assert is_caption("Activists rally in Seoul on Nov. 21, 2019. (Yonhap)")
    assert not is_caption("With North Korea's increasing belligerence it only makes sense.")
    result = real_engine.answer("what does the blogger think of yoon")
    assert not (isinstance(result, Reply) and is_caption(result.answer))


def test_the_archive_itself(real_engine: Engine) -> None:
    """ "What is rok drop" is the archive's name, description and span; "who is the
    blogger" is not something the archive says, and the reply says what it holds."""
    what = real_engine.answer("what is rok drop?")
    assert isinstance(what, Reply), what
    assert what.answer.startswith("ROK Drop: Tag: GSOMIA")
    assert "10 posts" in what.answer
    who = real_engine.answer("who is the blogger")
    assert isinstance(who, NoAnswer)
    assert who.note == (
        "The archive does not say who writes ROK Drop; it holds 10 posts, November 10, 2019"
        " to March 21, 2023."
    )


def test_the_newest_post_on_a_topic_is_about_it(real_engine: Engine) -> None:
    """ "the last post about the protests" is the protest post, not the newer one that
    says "in protest of"; "how mnay posts" is "how many posts"."""
    protests = real_engine.answer("last post about the protests")
    assert isinstance(protests, Reply)
    assert "Protesters" in protests.post_title
    count = real_engine.answer("how mnay posts")
    assert isinstance(count, Reply)
    assert count.answer.startswith(f"The archive holds {len(real_engine.knowledge.posts)} posts,")


def test_the_blogs_name_in_a_view_question_says_whose_words(real_engine: Engine) -> None:
    """ "rok drop's take on moon" asks for the blogger's words about Moon, not for a
    sentence that names the blog ("Here is an interesting read from ROK Drop favorite")."""
    result = real_engine.answer("what's rok drop's take on moon")
    assert isinstance(result, Reply), result
    assert "ROK Drop" not in result.answer
    assert "Moon" in result.answer


def test_every_sentence_of_a_caption_paragraph_is_caption() -> None:
    from bot.engine.sentences import caption_paragraphs, in_spans

    text = (
        "I said so.\n\nActivists rally in Seoul. They criticized the U.S. (Yonhap)\n\n"
        "More at the link."
    )
    captions = caption_paragraphs(text)
    assert [text[a:b] for a, b in captions] == [
        "Activists rally in Seoul. They criticized the U.S. (Yonhap)"
    ]
    first = text.index("Activists")
    assert in_spans((first, first + 25), captions)
    assert not in_spans((0, 10), captions)


@pytest.mark.parametrize("question", ["what was the scm", "What is the SCM?"])
def test_what_is_one_word_the_archive_spells_out(real_engine: Engine, question: str) -> None:
    """A one-word "what is X" is answered by a fact that says what X is ("Security
    Consultative Meeting (SCM)"); one that only mentions X leaves it a topic."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert "Security Consultative Meeting (SCM)" in result.answer
    assert isinstance(real_engine.answer("what's the wto"), NoAnswer)


@pytest.mark.parametrize(
    ("term", "answer", "expected"),
    [
        ("scm", "The 2019 Security Consultative Meeting (SCM) was held in Seoul.", True),
        ("habib house", "Habib House is the U.S. ambassador's residence in Seoul.", True),
        ("gsomia", "GSOMIA, the military intelligence pact, was signed in 2016.", True),
        ("gsomia", "GSOMIA stands for General Security of Military Information Agreement.", True),
        ("wto", "Korea paused its WTO complaint against Japan.", False),
        ("scm", "Moon met Esper before the SCM.", False),
        ("habib house", "a tour of his residence in Seoul, Habib House, to the paper", True),
        ("nso", "Kim was the Presidential National Security Office (NSO) deputy chief", True),
        ("mnd", "the Ministry of National Defense (MND) said", True),
        ("joongang ilbo", "The photo is credited to WOO SANG-JO (JoongAng Ilbo).", False),
        ("nso", "He spoke at the meeting (NSO).", False),
    ],
)
def test_defines(term: str, answer: str, expected: bool) -> None:
    assert defines(term, answer) is expected


def test_what_is_x_takes_a_lower_fact_that_spells_x_out(real_engine: Engine) -> None:
    """ "what is the nso": the first facts only mention the NSO; one a few points lower
    spells it out ("National Security Office (NSO)") and answers, as a likely answer."""
    result = real_engine.answer("what is the nso")
    assert isinstance(result, Reply), result
    assert "National Security Office (NSO)" in result.answer
    assert result.tier is Tier.LIKELY
    credit = real_engine.answer("what is the joongang ilbo")
    assert not (isinstance(credit, Reply) and "WOO SANG-JO" in credit.answer)


@pytest.mark.parametrize(
    "question",
    ["what weekday was gsomia restored", "which day of the week was gsomia restored"],
)
def test_weekday_asks_when(real_engine: Engine, question: str) -> None:
    """ "which weekday" / "day of the week" ask for a day, as "what day" does: the words
    name no topic, so the restoration fact answers (it says "on Tuesday")."""
    query = parse(question, real_engine._vocab, real_engine._synonyms)
    assert query.qword == "when"
    assert {c.label for c in query.concepts} == {"gsomia", "restored"}
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert "Tuesday" in f"{result.answer} {result.quote}"


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("who were the ppl at the japanese embassy", "who were the people at the japanese embassy"),
        ("wich ministry sent the letter", "which ministry sent the letter"),
        ("what did kang say, per the korea times", "what did kang say the korea times"),
        ("us still thinks gsomia matters or nah", "us still thinks gsomia matters or"),
        ("wat hapend to the wto complaint", "what happened to the wto complaint"),
    ],
)
def test_chat_spellings_and_filler(real_engine: Engine, question: str, plain: str) -> None:
    """Chat spellings read as the word ("ppl", "wich"); "per" and "nah" name no topic."""
    vocab, synonyms = real_engine._vocab, real_engine._synonyms
    asked = parse(question, vocab, synonyms)
    assert [c.label for c in asked.concepts] == [
        c.label for c in parse(plain, vocab, synonyms).concepts
    ]
    assert asked.qword == parse(plain, vocab, synonyms).qword


def test_posts_of_one_day_are_not_from_that_day_to_that_day(real_engine: Engine) -> None:
    """Two posts of November 15, 2019 are "all on" that day, not "from it to it"."""
    result = real_engine.answer("how many posts mention esper")
    assert isinstance(result, Reply), result
    assert "The archive holds 2 posts on that, all on November 15, 2019:" in result.answer
    assert "to November 15" not in result.answer


def test_date_span_and_posts_held() -> None:
    assert date_span(dt.date(2019, 11, 10), dt.date(2023, 3, 21)) == (
        "November 10, 2019 to March 21, 2023"
    )
    assert date_span(dt.date(2019, 11, 15), dt.date(2019, 11, 15)) == "November 15, 2019"
    one_day = (dt.date(2019, 11, 15), dt.date(2019, 11, 15))
    assert posts_held(1, one_day) == "1 post, November 15, 2019"
    assert posts_held(0, None) == "0 posts"


def test_which_post_covers_a_topic_gets_it_without_the_request_words(
    real_engine: Engine,
) -> None:
    """ "which post talks about the hat" gets the Gat-Geun post, understood as a request
    on "hat" ("talks" is how the request is put, not its topic)."""
    result = real_engine.answer("which post talks about the hat")
    assert isinstance(result, Reply), result
    assert "Gat-Geun" in result.post_title
    assert result.understood_as == "What the blog has on hat"


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("why did korea want to end gsomia in the first place", "why did korea want to end gsomia"),
        ("I read somewhere that korea quit gsomia, is that true?", "korea quit gsomia"),
        ("is it true that japan restored gsomia", "japan restored gsomia"),
        ("esper gonna lean on japan or what", "esper gonna lean on japan"),
    ],
)
def test_chat_idioms_name_no_topic(real_engine: Engine, question: str, plain: str) -> None:
    """ "in the first place", "is that true", "or what" ask nothing: "first" and "place"
    are no topic words of the question."""
    vocab, synonyms = real_engine._vocab, real_engine._synonyms
    labels = [c.label for c in parse(question, vocab, synonyms).concepts]
    assert labels == [c.label for c in parse(plain, vocab, synonyms).concepts]


def test_an_idiom_alone_is_still_read() -> None:
    """A message that is nothing but an idiom keeps its words (nothing else to read)."""
    assert tokenize("is that true")[0] == "is that true"


@pytest.mark.parametrize("question", ["is hwang jang-yop alive", "is harry harris still alive?"])
def test_alive_said_of_a_person_asks_about_a_life(real_engine: Engine, question: str) -> None:
    """ "is the pact dead" asks for the current status (the newest post); said of a person
    the posts give a title, it asks about a life, which news posts cannot say."""
    result = real_engine.answer(question)
    assert isinstance(result, NoAnswer), result
    status = real_engine.answer("is the pact dead")
    assert isinstance(status, Reply), status
    assert status.kind == "latest"


def test_thanks_around_a_question_is_filler(real_engine: Engine) -> None:
    """ "pls tell me when gsomia got restored thx": "thx" names no topic the archive lacks."""
    result = real_engine.answer("pls tell me when gsomia got restored thx")
    assert isinstance(result, Reply), result
    assert "March 21, 2023" in result.answer


def test_did_x_say_anything_about_y_asks_for_his_words(real_engine: Engine) -> None:
    """ "anything about esper" asks for the post on him; "did trump say anything about
    gsomia" asks what Trump said, which the archive never says (it only has a "trump
    card"): no post on GSOMIA in its place."""
    assert isinstance(real_engine.answer("did trump say anything about gsomia"), NoAnswer)
    topic = real_engine.answer("anything about esper")
    assert isinstance(topic, Reply), topic
    assert "Esper" in topic.answer


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("whens gsomia restored", "March 21, 2023"),
        ("wtf is gsomia", "General Security of Military Information Agreement"),
    ],
)
def test_more_chat_spellings_of_question_words(
    real_engine: Engine, question: str, words: str
) -> None:
    """ "whens" is "when is", "wtf is" is "what is"."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert words in result.answer


@pytest.mark.parametrize(
    "question", ["is gsomia even a thing anymore", "is the pact still a thing"]
)
def test_still_a_thing_asks_for_the_current_status(real_engine: Engine, question: str) -> None:
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.kind == "latest"


def test_first_before_a_verb_is_no_oldest_post(real_engine: Engine) -> None:
    """ "where did kim il sung first explain the hat thing" asks where he did it ("thing"
    is no post), not for the oldest post; "what's the first thing on the blog" is."""
    result = real_engine.answer("where did kim il sung first explain the hat thing")
    assert not (isinstance(result, Reply) and result.kind == "latest"), result
    oldest = real_engine.answer("what's the first thing on the blog")
    assert isinstance(oldest, Reply), oldest
    assert oldest.answer.startswith("The oldest post is")


def test_a_year_before_the_archive_is_a_topic_of_a_view(real_engine: Engine) -> None:
    """ "the author's view on the 1965 agreement": no post is from 1965, so the year names
    the agreement, not when he wrote; his sentence on it answers."""
    result = real_engine.answer("what is the author's view on the 1965 agreement")
    assert isinstance(result, Reply), result
    assert result.kind == "passage"
    assert "1965" in result.answer


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "posts by month",
            "The archive holds 10 posts, by month: November 2019 (6), February 2020 (2),"
            " March 2023 (2).",
        ),
        (
            "how many posts per year",
            "The archive holds 10 posts, by year: 2019 (6), 2020 (2), 2023 (2).",
        ),
        (
            "how many posts about esper each month",
            "The archive holds 2 posts on that, by month: November 2019 (2).",
        ),
    ],
)
def test_posts_counted_by_month_or_year(real_engine: Engine, question: str, answer: str) -> None:
    """ "posts by month" listed the two posts that say "month"; it asks for a count a month."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.answer == answer


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("show me every post", "The archive holds 10 posts"),
        ("how many times is esper mentioned", "The archive holds 2 posts on that"),
    ],
)
def test_every_post_and_times_mentioned_are_counts(
    real_engine: Engine, question: str, start: str
) -> None:
    """ "show me every post" lists the archive; "how many times is esper mentioned" counts
    the posts that mention him ("how many times did moon meet esper" stays a fact)."""
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.answer.startswith(start)
    met = real_engine.answer("how many times did moon meet esper")
    assert isinstance(met, Reply), met
    assert met.kind == "fact"


@pytest.mark.parametrize(
    ("chat", "plain"),
    [
        ("what's the deal with habib house", "what is habib house"),
        ("So, what is the SCM?", "what is the scm"),
    ],
)
def test_chat_openers_ask_the_plain_question(real_engine: Engine, chat: str, plain: str) -> None:
    """ "The deal" is no pact and "so" no topic: the plain question's answer, as sure."""
    expected = real_engine.answer(plain)
    result = real_engine.answer(chat)
    assert isinstance(expected, Reply)
    assert isinstance(result, Reply)
    assert (result.fact_id, result.tier) == (expected.fact_id, expected.tier)


@pytest.mark.parametrize(
    "question",
    ["what does gsomia stand for", "gsomia full name?", "what is the full name of the scm"],
)
def test_what_a_name_stands_for(real_engine: Engine, bare_engine: Engine, question: str) -> None:
    """ "What does X stand for" and "X full name" ask what X is: answered by what spells
    it out, from a fact and, without facts, from a post's sentence ("stand" and "name"
    are no topic: they drew sentences about a house named for a man)."""
    term = "SCM" if "scm" in question else "GSOMIA"
    spelled = {
        "GSOMIA": "General Security of Military Information Agreement",
        "SCM": "Security Consultative Meeting",
    }[term]
    for engine in (real_engine, bare_engine):
        result = engine.answer(question)
        assert isinstance(result, Reply), engine
        assert spelled.casefold() in result.answer.casefold()


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("gsomia signing date", "gsomia-signed-2016"),
        ("date gsomia was signed", "gsomia-signed-2016"),
        ("moon esper meeting date", "moon-esper-50-minute-meeting"),
    ],
)
def test_a_bare_date_asks_when(real_engine: Engine, question: str, fact_id: str) -> None:
    """ "gsomia signing date" asks when it was signed, as "what date" does: the word "date"
    at either end of a question without a question word is the question, no topic word a
    fact must hold (all three were "I don't know")."""
    query = parse(question, real_engine._vocab, real_engine._synonyms)
    assert query.qword == "when"
    assert "date" not in {c.label for c in query.concepts}
    result = real_engine.answer(question)
    assert isinstance(result, Reply), result
    assert result.fact_id == fact_id


def test_a_verb_of_intent_before_to_is_no_topic(real_engine: Engine) -> None:
    """ "why did korea threaten to quit gsomia" asks why it would quit: "threaten" weighs
    as little as "want" does, and the fact on why Seoul quit the pact comes first (the
    first was a blog note on cost sharing that holds "threatening")."""
    query = parse(
        "why did korea threaten to quit gsomia", real_engine._vocab, real_engine._synonyms
    )
    weights = {c.label: c.weight for c in query.concepts}
    assert weights["threaten"] < weights["quit"] / 2
    _query, ranked = real_engine.considered("why did korea threaten to quit gsomia")
    facts = real_engine.knowledge.facts
    assert facts[ranked[0].fact].id == "moon-terminated-over-export-restrictions"
