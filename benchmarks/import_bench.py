"""Import speed at scale: a generated WordPress export and RSS feed of 10,000 posts each.

    uv run python benchmarks/import_bench.py [--posts 10000] [--kinds wxr,feed]
        [--workdir benchmarks/out] [--questions 500]

For each kind, the source is generated with the test samples' generator
(`tests/importer/samples.py`: realistic HTML with blockquotes, captions,
scripts and share buttons), then timed, each as its own `archive-bot
import` process (interpreter start-up included):

1. the first import into an empty folder (target: under 60 s);
2. a re-import of the same source, which must change nothing;
3. loading the imported folder with the knowledge loader (it must be valid);
4. on the first kind only, the engine's index build and its answer latency
   (p50 / p99) on questions made from the posts' titles and quoted reports.

`benchmarks/run.py` cannot run on an imported folder (its questions come
from facts, and an import writes none), hence step 4 here.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLES_PY = ROOT / "tests" / "importer" / "samples.py"
TARGET_S = 60.0


def _samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("importer_samples", SAMPLES_PY)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def _timed_import(source: Path, out: Path) -> tuple[float, str]:
    """Run `archive-bot import` as a user would; its wall time and last stdout line."""
    command = [sys.executable, "-m", "bot.cli", "import", str(source), "--out", str(out)]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"import failed ({proc.returncode}): {proc.stderr.strip()}")
    return seconds, proc.stdout.strip().splitlines()[-1]


def _questions(samples: ModuleType, posts: int, n: int) -> list[str]:
    rng = random.Random(1)
    pool = samples.sample_posts(posts)
    out: list[str] = []
    for _ in range(n):
        post = rng.choice(pool)
        title = post.title.rsplit(" (", 1)[0]
        out.append(rng.choice((title, f"what did the blog say about {title.lower()}?")))
    return out


def _answer_latency(folder: Path, questions: list[str]) -> dict[str, Any]:
    from bot.engine import Engine, Reply
    from bot.knowledge import load_knowledge

    knowledge = load_knowledge(folder).knowledge
    assert knowledge is not None
    start = time.perf_counter()
    engine = Engine.build(knowledge)
    build_s = time.perf_counter() - start
    for question in questions[:50]:  # warm-up
        engine.answer(question)
    times: list[float] = []
    answered = 0
    for question in questions:
        start_ns = time.perf_counter_ns()
        result = engine.answer(question)
        times.append((time.perf_counter_ns() - start_ns) / 1e6)
        answered += isinstance(result, Reply)
    times.sort()
    return {
        "build_s": build_s,
        "p50_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
        "answered": 100 * answered / len(questions),
    }


def bench(kind: str, posts: int, workdir: Path, samples: ModuleType) -> dict[str, Any]:
    source = workdir / f"import-{kind}-{posts}.xml"
    out = workdir / f"import-{kind}-{posts}-kb"
    start = time.perf_counter()
    make = samples.make_wxr if kind == "wxr" else samples.make_rss
    source.write_bytes(make(posts))
    result: dict[str, Any] = {
        "generate_s": time.perf_counter() - start,
        "source_mb": source.stat().st_size / 1e6,
    }
    shutil.rmtree(out, ignore_errors=True)
    print(f"  [{kind}] first import ...", file=sys.stderr, flush=True)
    result["import_s"], result["import_summary"] = _timed_import(source, out)
    print(f"  [{kind}] re-import ...", file=sys.stderr, flush=True)
    result["reimport_s"], result["reimport_summary"] = _timed_import(source, out)

    from bot.knowledge import load_knowledge

    start = time.perf_counter()
    loaded = load_knowledge(out)
    result["load_s"] = time.perf_counter() - start
    result["valid"] = loaded.ok
    result["posts"] = len(loaded.knowledge.posts) if loaded.knowledge else 0
    result["folder"] = out
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--kinds", default="wxr,feed", help="comma-separated: wxr, feed")
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument("--questions", type=int, default=500, help="0: skip the answer step")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    args.workdir.mkdir(parents=True, exist_ok=True)
    samples = _samples()
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    results = {}
    for kind in kinds:
        print(f"{kind}: {args.posts} posts", file=sys.stderr, flush=True)
        results[kind] = bench(kind, args.posts, args.workdir, samples)
    answers = None
    if args.questions and kinds:
        print("answer latency ...", file=sys.stderr, flush=True)
        questions = _questions(samples, args.posts, args.questions)
        answers = _answer_latency(results[kinds[0]]["folder"], questions)

    print(f"| {args.posts:,} posts | " + " | ".join(kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    rows = (
        ("source size (MB)", "source_mb", "{:.1f}"),
        ("first import (s)", "import_s", "{:.1f}"),
        ("re-import (s)", "reimport_s", "{:.1f}"),
        ("load imported folder (s)", "load_s", "{:.1f}"),
        ("posts loaded", "posts", "{:,}"),
        ("valid", "valid", "{}"),
    )
    for label, key, fmt in rows:
        print(f"| {label} | " + " | ".join(fmt.format(results[k][key]) for k in kinds) + " |")
    print()
    for kind in kinds:
        print(f"- {kind} first import: {results[kind]['import_summary']}")
        print(f"- {kind} re-import: {results[kind]['reimport_summary']}")
    if answers is not None:
        print(
            f"- answers on the imported {kinds[0]} folder: index build {answers['build_s']:.1f} s, "
            f"p50 {answers['p50_ms']:.2f} ms, p99 {answers['p99_ms']:.2f} ms over "
            f"{args.questions} questions ({answers['answered']:.0f}% answered)"
        )
    print(
        f"- machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores"
    )
    failed = [k for k in kinds if results[k]["import_s"] >= TARGET_S or not results[k]["valid"]]
    unchanged = all(" 0 added, 0 changed," in results[k]["reimport_summary"] for k in kinds)
    print(
        f"- target (under {TARGET_S:.0f} s, valid, re-import unchanged): "
        + ("met" if not failed and unchanged else "MISSED")
    )
    return 0 if not failed and unchanged else 1


if __name__ == "__main__":
    raise SystemExit(main())
