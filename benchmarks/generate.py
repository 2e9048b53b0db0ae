"""Generate a synthetic knowledge folder (contract v1) for the scale benchmarks.

The text is made of pseudo-words drawn with a Zipf distribution (so a few
words are everywhere and most are rare), mixed with English function words
and a few hundred named entities (people, places, organisations). Every post
gets 2-4 facts whose questions use the post's own rare terms, so they are
answerable, and whose quote is a verbatim sentence of the post.

Everything is derived from the seed: each post has its own random stream,
so `make_questions` can rebuild any post's facts without reading the folder.

    uv run python benchmarks/generate.py --posts 10000 --out benchmarks/out/10000
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SPEC_FILE = "_benchmark.json"
"""Written next to the YAML; ignored by the loader (leading underscore, not YAML)."""

FUNCTION_WORDS = _words(
    "the of and to in a is that for it as was with on be by at this had not are but from or "
    "have an they which one you were all we her she there would their will when who him been "
    "has more if no out so said what up its about into than them can only other new some could "
    "time these two may then do first any my now such like our over man me even most made after "
    "also did many before must through back years where much your way well down should because "
    "each just those people how too little state good very make world still own see men work "
    "long get here between both life being under never day same another know while last might "
    "us great old year off come since against go came right used take three"
)
QUESTION_WORDS = ("When", "Why", "How", "Who", "Where", "What")
AUX = {"When": "did", "Why": "did", "How": "did", "Who": "met", "Where": "did", "What": "did"}
NOISE_WORDS = _words(
    "weather recipe pizza football guitar tomorrow password printer vacation coffee cat dog "
    "movie song lyrics bitcoin stock price homework birthday cake train ticket flight hotel "
    "restaurant translate spanish french python javascript laptop phone battery charger "
    "netflix playlist marathon yoga garden tomato bicycle parking insurance tax refund "
    "wifi router keyboard mouse monitor headphones concert museum zoo beach mountain"
)
NOISE_TEMPLATES = (
    "what is the {a} like {b}",
    "how do I fix my {a} {b}",
    "best {a} for {b}?",
    "where can I buy a {a} and a {b}",
    "can you recommend a {a}",
    "is {a} better than {b}?",
    "hello",
    "who won the {a} {b} last night",
    "tell me a joke about {a}",
    "why is my {a} so slow",
)
SOURCES = (
    "Yonhap",
    "Reuters",
    "The Korea Herald",
    "Kyodo",
    "Associated Press",
    "Stars and Stripes",
    "Daily Varnel",
    "Meridon Times",
    "Ostrava Wire",
    "Kelmar Post",
)
MONTHS = _words(
    "January February March April May June July August September October November December"
)
ONSETS = _words("b c d f g h j k l m n p r s t v w z br dr gr kr pl st tr sh ch th")
VOWELS = _words("a e i o u ai ea io ou")
CODAS = ("", "", "", "", "", "n", "r", "s", "l", "m", "k", "t", "nd", "st")
FIRST_DATE = dt.date(2000, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DATE).days
POSTS_PER_DIR = 1000


@dataclass(frozen=True, slots=True)
class Spec:
    """What a generated folder was made from; enough to regenerate any post."""

    posts: int
    seed: int = 0
    layout: str = "per-post"


@dataclass(frozen=True, slots=True)
class GenFact:
    """A generated fact, before it is written as YAML."""

    id: str
    questions: tuple[str, str, str]
    answer: str
    quote: str
    date: str


@dataclass(frozen=True, slots=True)
class GenPost:
    """A generated post with its facts."""

    index: int
    id: str
    title: str
    date: dt.date
    url: str
    tags: tuple[str, ...]
    summary: str | None
    body: str
    quotes: tuple[tuple[str, str, str | None], ...]
    """(text, source, source_url)."""
    facts: tuple[GenFact, ...]


class Vocabulary:
    """Pseudo-words, entities and tags for one seed, with Zipf weights."""

    def __init__(self, seed: int, words: int = 4000, entities: int = 400) -> None:
        rng = random.Random(f"vocab-{seed}")
        self.words = _pseudo_words(rng, words, set())
        self.rank = {w: i for i, w in enumerate(self.words)}
        self.word_cum = list(itertools.accumulate(1.0 / (r + 2.7) for r in range(words)))
        names = _pseudo_words(rng, entities * 3, set(self.words))
        self.entities = _entities(rng, names, entities)
        self.entity_cum = list(
            itertools.accumulate(1.0 / (r + 1.0) ** 0.8 for r in range(entities))
        )
        self.tags = [w.capitalize() for w in self.words[200:260]]
        self.function_cum = list(
            itertools.accumulate(1.0 / (r + 1.0) for r in range(len(FUNCTION_WORDS)))
        )

    def word(self, rng: random.Random) -> str:
        """One content word, Zipf-distributed."""
        return self.words[_draw(rng, self.word_cum)]

    def entity(self, rng: random.Random) -> str:
        """One named entity, skewed so some are common and many are rare."""
        return self.entities[_draw(rng, self.entity_cum)]

    def function_word(self, rng: random.Random) -> str:
        return FUNCTION_WORDS[_draw(rng, self.function_cum)]


def _draw(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    seen = set(taken) | set(FUNCTION_WORDS)
    while len(out) < count:
        # Frequent words are short, rare words long, as in real text.
        syllables = 1 + min(2, int(len(out) / max(1, count) * 2 + rng.random() * 1.2))
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
        )
        if 3 <= len(word) <= 14 and word not in seen:
            seen.add(word)
            out.append(word)
    return out


def _entities(rng: random.Random, names: list[str], count: int) -> list[str]:
    out: list[str] = []
    it = iter(names)
    for i in range(count):
        kind = i % 3
        a = next(it).capitalize()
        if kind == 0:  # a person
            out.append(f"{a} {next(it).capitalize()}")
        elif kind == 1:  # a place
            out.append(a + rng.choice(("ia", "stad", "port", "burg", "ville", "", "")))
        else:  # an organisation
            suffix = rng.choice(("Institute", "Ministry", "Group", "Council", "Corp", "League"))
            out.append(f"{a} {suffix}")
    return out


def _sentence(rng: random.Random, vocab: Vocabulary, entity: str | None) -> tuple[str, str | None]:
    length = rng.randint(18, 32)
    words: list[str] = []
    for _ in range(length):
        words.append(vocab.function_word(rng) if rng.random() < 0.4 else vocab.word(rng))
    if entity is not None:
        words.insert(rng.randrange(len(words) // 2 + 1), entity)
    if rng.random() < 0.3:
        cut = rng.randrange(5, len(words) - 3)
        words[cut] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice((".", ".", ".", "!", "?")), entity


def _rare_terms(vocab: Vocabulary, sentence: str, count: int) -> list[str]:
    words = {w.strip(",.!?") for w in sentence.split()}
    ranked = sorted((w for w in words if w in vocab.rank), key=vocab.rank.__getitem__)
    return list(reversed(ranked[-count:])) if ranked else ["news"]


def _month_day(date: dt.date) -> str:
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


def make_post(vocab: Vocabulary, seed: int, index: int) -> GenPost:
    """Post number `index` (0-based) of the archive for `seed`, with its facts."""
    rng = random.Random(seed * 1_000_003 + index)
    date = FIRST_DATE + dt.timedelta(days=rng.randrange(DAYS + 1))
    main_entity = vocab.entity(rng)
    title_words = [vocab.word(rng) for _ in range(rng.randint(5, 8))]
    title_words.insert(rng.randrange(len(title_words)), main_entity)
    title = " ".join(w if w[0].isupper() else w.capitalize() for w in title_words)
    post_id = f"post-{index + 1:06d}"
    slug = "-".join(w.lower() for w in " ".join(title_words[:5]).split())
    url = f"https://example.org/{date.year}/{date.month:02d}/{slug}/"
    tags = tuple(sorted(set(rng.sample(vocab.tags, rng.randint(1, 3)))))

    def entity_or_none() -> str | None:
        roll = rng.random()
        return main_entity if roll < 0.35 else vocab.entity(rng) if roll < 0.75 else None

    body_sentences = [_sentence(rng, vocab, entity_or_none()) for _ in range(rng.randint(2, 5))]
    quote_sentences: list[list[tuple[str, str | None]]] = []
    quotes: list[tuple[str, str, str | None]] = []
    for _ in range(rng.choice((0, 1, 1, 2))):
        sentences = [_sentence(rng, vocab, entity_or_none()) for _ in range(rng.randint(1, 2))]
        quote_sentences.append(sentences)
        source = rng.choice(SOURCES)
        source_url = (
            f"https://news.example.com/{source.lower().replace(' ', '-')}/{index + 1}"
            if rng.random() < 0.5
            else None
        )
        quotes.append((" ".join(s for s, _ in sentences), source, source_url))
    summary = _sentence(rng, vocab, main_entity)[0] if rng.random() < 0.4 else None
    text_chars = sum(len(s) for s, _ in body_sentences) + sum(len(q[0]) for q in quotes)
    while text_chars < 600 and len(body_sentences) < 5:  # keep posts realistically long
        body_sentences.append(_sentence(rng, vocab, entity_or_none()))
        text_chars += len(body_sentences[-1][0])

    candidates = body_sentences + [s for group in quote_sentences for s in group]
    picked = rng.sample(candidates, min(len(candidates), rng.randint(2, 4)))
    facts = tuple(
        _make_fact(rng, vocab, f"{post_id}-f{j + 1}", sentence, entity or main_entity, date)
        for j, (sentence, entity) in enumerate(picked)
    )
    return GenPost(
        index=index,
        id=post_id,
        title=title,
        date=date,
        url=url,
        tags=tags,
        summary=summary,
        body=" ".join(s for s, _ in body_sentences),
        quotes=tuple(quotes),
        facts=facts,
    )


def _make_fact(
    rng: random.Random,
    vocab: Vocabulary,
    fact_id: str,
    sentence: str,
    entity: str,
    post_date: dt.date,
) -> GenFact:
    t = _rare_terms(vocab, sentence, 3)
    t += [t[-1]] * (3 - len(t))
    qword = rng.choice(QUESTION_WORDS)
    questions = (
        f"{qword} {AUX[qword]} {entity} {t[0]} the {t[1]}?",
        f"What happened with {entity} and {t[0]} {t[2]}?",
        f"Is it true that {t[1]} {t[0]} {entity}?",
    )
    when = post_date - dt.timedelta(days=rng.randrange(0, 30))
    answer = f"{entity} {t[0]} {t[1]} {t[2]} on {_month_day(when)}."
    words = sentence.split()
    if len(words) > 12 and rng.random() < 0.5:  # sometimes only the start of the sentence
        quote = " ".join(words[: rng.randint(10, len(words) - 1)])
    else:
        quote = sentence
    date = when.isoformat() if rng.random() < 0.8 else when.isoformat()[:7]
    return GenFact(fact_id, questions, answer[:300], quote, date)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text)


def post_yaml(post: GenPost, *, header: bool = True) -> str:
    """The YAML of one post and its facts (header: include the top-level keys)."""
    lines = ["posts:"] if header else []
    lines += [
        f"  - id: {post.id}",
        f"    title: {_q(post.title)}",
        f"    date: {post.date.isoformat()}",
        f"    url: {post.url}",
        f"    tags: [{', '.join(post.tags)}]",
    ]
    if post.summary:
        lines.append(f"    summary: {_q(post.summary)}")
    lines.append(f"    body: {_q(post.body)}")
    if post.quotes:
        lines.append("    quotes:")
        for text, source, source_url in post.quotes:
            lines.append(f"      - source: {_q(source)}")
            if source_url:
                lines.append(f"        source_url: {source_url}")
            lines.append(f"        text: {_q(text)}")
    return "\n".join(lines) + "\n"


def facts_yaml(post: GenPost, *, header: bool = True) -> str:
    lines = ["facts:"] if header else []
    for fact in post.facts:
        lines += [
            f"  - id: {fact.id}",
            "    questions:",
            *(f"      - {_q(q)}" for q in fact.questions),
            f"    answer: {_q(fact.answer)}",
            f"    post: {post.id}",
            f"    quote: {_q(fact.quote)}",
            f"    date: {fact.date}",
        ]
    return "\n".join(lines) + "\n"


def iter_posts(spec: Spec) -> Iterator[GenPost]:
    vocab = Vocabulary(spec.seed)
    for i in range(spec.posts):
        yield make_post(vocab, spec.seed, i)


def post_path(index: int) -> str:
    """Relative path of post `index` in the per-post layout."""
    return f"posts/{index // POSTS_PER_DIR:03d}/{index + 1:06d}.yaml"


def generate(out: Path, posts: int, seed: int = 0, layout: str = "per-post") -> None:
    """Write a valid knowledge folder of `posts` posts into `out` (created if needed)."""
    if layout not in ("per-post", "chunked"):
        raise ValueError(f"unknown layout {layout!r}")
    out.mkdir(parents=True, exist_ok=True)
    spec = Spec(posts, seed, layout)
    (out / "archive.yaml").write_text(
        "archive:\n"
        f"  name: {_q(f'Synthetic archive ({posts} posts, seed {seed})')}\n"
        "  url: https://example.org/\n"
        "  description: Generated by benchmarks/generate.py\n",
        encoding="utf-8",
    )
    if layout == "per-post":
        made: set[Path] = set()
        for post in iter_posts(spec):
            path = out / post_path(post.index)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_text(post_yaml(post) + "\n" + facts_yaml(post), encoding="utf-8")
    else:
        (out / "chunks").mkdir(exist_ok=True)
        stream = iter_posts(spec)
        for start in range(0, posts, POSTS_PER_DIR):
            chunk = list(itertools.islice(stream, POSTS_PER_DIR))
            text = "posts:\n" + "".join(post_yaml(p, header=False) for p in chunk)
            text += "\nfacts:\n" + "".join(facts_yaml(p, header=False) for p in chunk)
            path = out / f"chunks/{start // POSTS_PER_DIR:04d}.yaml"
            path.write_text(text, encoding="utf-8")
    (out / SPEC_FILE).write_text(
        json.dumps({"posts": posts, "seed": seed, "layout": layout}), encoding="utf-8"
    )


def read_spec(folder: Path) -> Spec | None:
    """The spec a folder was generated from, or None if it was not generated."""
    try:
        data = json.loads((folder / SPEC_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Spec(int(data["posts"]), int(data["seed"]), str(data.get("layout", "per-post")))


# --- benchmark questions ---------------------------------------------------


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swap two neighbours
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == 1:  # drop a letter
        return word[:i] + word[i + 1 :]
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == 2:  # double or insert
        return word[:i] + letter + word[i:]
    return word[:i] + letter + word[i + 1 :]  # substitute


def perturb(rng: random.Random, question: str) -> str:
    """A user's version of a phrasing: dropped words, reordering, typos, case."""
    words = question.rstrip("?").split()
    if len(words) > 4 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    if len(words) > 3 and rng.random() < 0.3:
        k = rng.randrange(1, len(words))
        words = words[k:] + words[:k]
    elif len(words) > 3 and rng.random() < 0.3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    for _ in range(rng.choice((0, 1, 1, 2))):
        i = rng.randrange(len(words))
        words[i] = _typo(rng, words[i])
    text = " ".join(words)
    if rng.random() < 0.4:
        text = text.lower()
    if rng.random() < 0.5:
        text += "?"
    return text


def _noise(rng: random.Random) -> str:
    a, b = rng.sample(NOISE_WORDS, 2)
    return rng.choice(NOISE_TEMPLATES).format(a=a, b=b)


def _fact_pool(source: Any) -> tuple[Spec | None, Sequence[Any]]:
    """A Spec to regenerate from, or the loaded facts of a folder / Knowledge."""
    if isinstance(source, Spec):
        return source, ()
    if isinstance(source, (str, Path)):
        spec = read_spec(Path(source))
        if spec is not None:
            return spec, ()
        from bot.knowledge import load_knowledge

        result = load_knowledge(Path(source))
        if result.knowledge is None:
            raise ValueError(f"{source} does not load: {result.errors[:3]}")
        return None, result.knowledge.facts
    return None, source.facts  # a Knowledge


def make_questions(folder_or_spec: Any, n: int, seed: int = 0) -> list[tuple[str, str | None]]:
    """`n` benchmark questions with the expected fact id (None: noise, should abstain).

    About 80% paraphrase a fact's phrasing with dropped words, reordering and
    typos; about 20% are unrelated questions. Accepts a generated folder, a
    Spec, or a loaded Knowledge.
    """
    spec, facts = _fact_pool(folder_or_spec)
    rng = random.Random(f"questions-{seed}")
    vocab = Vocabulary(spec.seed) if spec is not None else None
    out: list[tuple[str, str | None]] = []
    for _ in range(n):
        if rng.random() < 0.2:
            out.append((_noise(rng), None))
            continue
        if spec is not None and vocab is not None:
            post = make_post(vocab, spec.seed, rng.randrange(spec.posts))
            fact = rng.choice(post.facts)
            fact_id, phrasings = fact.id, fact.questions
        else:
            f = rng.choice(facts)
            fact_id, phrasings = f.id, f.questions
        out.append((perturb(rng, rng.choice(phrasings)), fact_id))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--layout", choices=("per-post", "chunked"), default="per-post")
    parser.add_argument("--questions", type=int, default=0, help="also print N questions")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    generate(args.out, args.posts, args.seed, args.layout)
    print(
        f"wrote {args.posts} posts to {args.out} in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    for question, expected in make_questions(args.out, args.questions, args.seed):
        print(f"{expected or '-'}\t{question}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
