"""Scale benchmarks: load, restart, reload, index build, latency, memory, baseline.

    uv run python benchmarks/run.py --sizes 1000,10000,100000 [--questions 2000]

For each size it generates a synthetic archive (reused when present), then
runs every measurement where memory or caches matter in a fresh Python
subprocess (this same script with --worker), and prints one markdown table
plus the machine it ran on. A metric whose feature is missing prints "n/a".
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import json
import os
import platform
import pstats
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import generate  # noqa: E402  (benchmarks/ is not a package)

METRICS = ("cold", "warm", "reload", "build", "query", "complete", "baseline")
CHANGED_INDEX_FRACTION = 0.5
"""Which post the reload measurement edits (its position in the archive)."""

# name, size, metric key, limit, unit ("ms", "s", "x" (at least), "MB")
TARGETS: tuple[tuple[str, int, str, float, str], ...] = (
    ("answer p50", 10_000, "query_p50_ms", 0.5, "ms"),
    ("answer p99", 10_000, "query_p99_ms", 3.0, "ms"),
    ("answer p50", 100_000, "query_p50_ms", 2.0, "ms"),
    ("answer p99", 100_000, "query_p99_ms", 20.0, "ms"),
    ("speed-up over brute force", 10_000, "speedup", 100.0, "x"),
    ("autocomplete p99", 10_000, "complete_p99_ms", 5.0, "ms"),
    ("cold load", 10_000, "cold_load_s", 6.0, "s"),
    ("warm restart (load + index)", 100_000, "warm_total_s", 5.0, "s"),
    ("reload after one changed file", 100_000, "reload_total_s", 2.0, "s"),
    ("index build", 100_000, "build_s", 10.0, "s"),
    ("peak RSS", 100_000, "peak_rss_mb", 1200.0, "MB"),
)

ROWS: tuple[tuple[str, str, str], ...] = (
    ("posts / facts / phrasings", "counts", ""),
    ("cold load, no cache", "cold_load_s", "s"),
    ("first load writing the cache (info)", "prime_load_s", "s"),
    ("Engine.save (info)", "save_s", "s"),
    ("warm restart: load with disk cache", "warm_load_s", "s"),
    ("warm restart: index (Engine.load or build)", "warm_index_s", "s"),
    ("warm restart: index came from", "warm_index_kind", ""),
    ("warm restart: total", "warm_total_s", "s"),
    ("reload one changed file: load", "reload_load_s", "s"),
    ("reload one changed file: build(previous=)", "reload_build_s", "s"),
    ("reload one changed file: total", "reload_total_s", "s"),
    ("index build from scratch", "build_s", "s"),
    ("peak RSS (load + build + answer)", "peak_rss_mb", "MB"),
    ("peak RSS after reload too (info)", "peak_rss_reload_mb", "MB"),
    ("peak RSS by the end of the load (info)", "peak_rss_loaded_mb", "MB"),
    ("RSS after load, with the cache (info)", "rss_loaded_mb", "MB"),
    ("RSS after index build (info)", "rss_built_mb", "MB"),
    ("answer p50", "query_p50_ms", "ms"),
    ("answer p99", "query_p99_ms", "ms"),
    ("answer max", "query_max_ms", "ms"),
    ("top-1 accuracy on fact questions (info)", "top1", "%"),
    ("fact questions abstained (info)", "fact_abstain", "%"),
    ("noise questions abstained (info)", "noise_abstain", "%"),
    ("autocomplete p50", "complete_p50_ms", "ms"),
    ("autocomplete p99", "complete_p99_ms", "ms"),
    ("brute force p50 (extractOne token_set_ratio)", "baseline_p50_ms", "ms"),
    ("brute force p99", "baseline_p99_ms", "ms"),
    ("brute force top-1 (info)", "baseline_top1", "%"),
    ("brute force questions timed", "baseline_n", ""),
    ("speed-up (brute p50 / engine p50)", "speedup", "x"),
)


# --- helpers -----------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _current_rss_mb() -> float:
    """Resident set size right now (VmRSS), or NaN off Linux."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def _maybe_profile(enabled: bool, label: str) -> Iterator[None]:
    """Profile the block with cProfile and print the top entries on stderr."""
    if not enabled:
        yield
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        print(f"\n--- cProfile: {label} (top 25 by cumulative time) ---", file=sys.stderr)
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def _new_cache(directory: Path | None) -> Any:
    from bot.knowledge import FileCache

    return FileCache(directory)


def _persist_cache(cache: Any) -> None:
    """Write the cache to disk if it needs an explicit call (API not fixed yet)."""
    for name in ("save", "flush", "persist"):
        method = getattr(cache, name, None)
        if callable(method):
            method()
            return


def _load(folder: Path, cache: Any = None) -> Any:
    from bot import heap
    from bot.knowledge import load_knowledge

    with heap.collector_paused():  # as the bot loads (bot/service.py default_loader)
        result = load_knowledge(folder, cache=cache)
    if result.knowledge is None:
        shown = "; ".join(str(p) for p in result.errors[:5])
        raise RuntimeError(f"{len(result.errors)} load errors: {shown}")
    return result.knowledge


def _guard(out: dict[str, Any], label: str, fn: Callable[[], None]) -> None:
    """Run one measurement; a failure records the error and leaves the metrics n/a."""
    try:
        fn()
    except Exception as exc:  # a missing feature must not stop the other metrics
        out.setdefault("errors", []).append(f"{label}: {type(exc).__name__}: {exc}")
        print(f"[{label}] n/a: {type(exc).__name__}: {exc}", file=sys.stderr)


# --- workers (each runs in its own process) ------------------------------------


def worker_cold(args: argparse.Namespace, out: dict[str, Any]) -> None:
    """Load with no cache at all."""

    def run() -> None:
        with _maybe_profile(args.profile == "cold", "cold load"):
            knowledge, seconds = _timed(lambda: _load(args.folder))
        out["cold_load_s"] = seconds
        out["counts"] = _counts(knowledge)

    _guard(out, "cold", run)


def worker_prime(args: argparse.Namespace, out: dict[str, Any]) -> None:
    """Fill the disk cache and save the index, as a first run of the bot would."""
    shutil.rmtree(args.cache_dir, ignore_errors=True)
    shutil.rmtree(args.index_dir, ignore_errors=True)
    args.cache_dir.mkdir(parents=True)
    state: dict[str, Any] = {}

    def load() -> None:
        cache = _new_cache(args.cache_dir)
        start = time.perf_counter()
        state["knowledge"] = _load(args.folder, cache)
        _persist_cache(cache)
        out["prime_load_s"] = time.perf_counter() - start

    def save() -> None:
        from bot.engine import Engine

        engine = Engine.build(state["knowledge"])
        if not hasattr(engine, "save"):
            raise NotImplementedError("Engine.save does not exist")
        args.index_dir.mkdir(parents=True, exist_ok=True)
        _, out["save_s"] = _timed(lambda: engine.save(args.index_dir))

    _guard(out, "prime load", load)
    if "knowledge" in state:
        _guard(out, "prime save", save)


def worker_warm(args: argparse.Namespace, out: dict[str, Any]) -> None:
    """Restart: load through the persisted cache, then Engine.load (or build)."""
    state: dict[str, Any] = {}

    def load() -> None:
        with _maybe_profile(args.profile == "warm", "warm load"):
            cache = _new_cache(args.cache_dir)
            state["knowledge"], out["warm_load_s"] = _timed(lambda: _load(args.folder, cache))

    def index() -> None:
        from bot.engine import Engine

        knowledge = state["knowledge"]
        loader = getattr(Engine, "load", None)
        with _maybe_profile(args.profile == "warm", "warm index"):
            start = time.perf_counter()
            engine = None
            if callable(loader) and args.index_dir.is_dir() and any(args.index_dir.iterdir()):
                engine = loader(args.index_dir, knowledge)  # None: a stale or foreign index
                out["warm_index_kind"] = "Engine.load"
            if engine is None:
                Engine.build(knowledge)
                out["warm_index_kind"] = (
                    "Engine.build (load gave None)" if "warm_index_kind" in out else "Engine.build"
                )
            out["warm_index_s"] = time.perf_counter() - start
        out["warm_total_s"] = out["warm_load_s"] + out["warm_index_s"]

    _guard(out, "warm load", load)
    if "knowledge" in state:
        _guard(out, "warm index", index)


def worker_main(args: argparse.Namespace, out: dict[str, Any]) -> None:
    """Load, build, answer, complete, brute force, then reload one changed file."""
    from bot import heap
    from bot.engine import Engine, Reply

    metrics = set(args.metrics)
    cache = _new_cache(args.cache_dir if args.cache_dir.is_dir() else None)
    knowledge = _load(args.folder, cache)
    out["counts"] = _counts(knowledge)
    out["peak_rss_loaded_mb"] = _rss_mb()
    gc.collect()
    out["rss_loaded_mb"] = _current_rss_mb()
    with _maybe_profile(args.profile == "build", "index build"):
        engine, out["build_s"] = _timed(lambda: Engine.build(knowledge))
    gc.collect()
    heap.settle()  # as the bot does after every load and reload
    out["rss_built_mb"] = _current_rss_mb()
    questions = generate.make_questions(args.folder, args.questions, seed=args.seed + 1)

    if "query" in metrics:

        def query() -> None:
            for question, _ in questions[:50]:  # warm-up
                engine.answer(question)
            times: list[float] = []
            hits = fact_total = fact_abstain = noise_total = noise_abstain = 0
            with _maybe_profile(args.profile == "query", "answer"):
                for question, expected in questions:
                    start = time.perf_counter_ns()
                    result = engine.answer(question)
                    times.append((time.perf_counter_ns() - start) / 1e6)
                    answered = isinstance(result, Reply)
                    if expected is None:
                        noise_total += 1
                        noise_abstain += not answered
                    else:
                        fact_total += 1
                        fact_abstain += not answered
                        hits += answered and result.fact_id == expected
            out["query_p50_ms"] = _percentile(times, 50)
            out["query_p99_ms"] = _percentile(times, 99)
            out["query_max_ms"] = max(times)
            out["top1"] = 100 * hits / max(1, fact_total)
            out["fact_abstain"] = 100 * fact_abstain / max(1, fact_total)
            out["noise_abstain"] = 100 * noise_abstain / max(1, noise_total)

        _guard(out, "query", query)
    out["peak_rss_mb"] = _rss_mb()

    if "complete" in metrics:

        def complete() -> None:
            rng = random.Random(args.seed)
            prefixes = [q[: rng.randint(1, len(q))] for q, _ in questions]
            for prefix in prefixes[:50]:
                engine.complete(prefix, 25)
            with _maybe_profile(args.profile == "complete", "complete"):
                times = _time_complete(engine, prefixes)
            out["complete_p50_ms"] = _percentile(times, 50)
            out["complete_p99_ms"] = _percentile(times, 99)

        _guard(out, "complete", complete)

    if "baseline" in metrics:
        _guard(out, "baseline", lambda: _baseline(args, knowledge, questions, out))

    if "query_p50_ms" in out and "baseline_p50_ms" in out:
        out["speedup"] = out["baseline_p50_ms"] / out["query_p50_ms"]

    if "reload" in metrics:
        _guard(out, "reload", lambda: _reload(args, cache, engine, out))
    out["peak_rss_reload_mb"] = _rss_mb()


def _time_complete(engine: Any, prefixes: list[str]) -> list[float]:
    times: list[float] = []
    for prefix in prefixes:
        start = time.perf_counter_ns()
        choices = engine.complete(prefix, 25)
        times.append((time.perf_counter_ns() - start) / 1e6)
        if len(choices) > 25 or any(len(c) > 100 for c in choices):
            raise AssertionError(f"complete({prefix!r}) broke the Discord limits")
    return times


def _baseline(
    args: argparse.Namespace,
    knowledge: Any,
    questions: list[tuple[str, str | None]],
    out: dict[str, Any],
) -> None:
    """The naive approach: score every phrasing and title with token_set_ratio."""
    from rapidfuzz import fuzz, process

    choices: list[str] = []
    owners: list[str | None] = []
    for fact in knowledge.facts:
        choices.extend(fact.questions)
        owners.extend([fact.id] * len(fact.questions))
    choices.extend(post.title for post in knowledge.posts)
    owners.extend([None] * len(knowledge.posts))
    subset = questions[: args.baseline_n]
    process.extractOne(subset[0][0], choices, scorer=fuzz.token_set_ratio)  # warm-up
    times: list[float] = []
    hits = total = 0
    for question, expected in subset:
        start = time.perf_counter_ns()
        best = process.extractOne(question, choices, scorer=fuzz.token_set_ratio)
        times.append((time.perf_counter_ns() - start) / 1e6)
        if expected is not None:
            total += 1
            hits += best is not None and owners[best[2]] == expected
    out["baseline_p50_ms"] = _percentile(times, 50)
    out["baseline_p99_ms"] = _percentile(times, 99)
    out["baseline_top1"] = 100 * hits / max(1, total)
    out["baseline_n"] = len(subset)


def _reload(args: argparse.Namespace, cache: Any, engine: Any, out: dict[str, Any]) -> None:
    """Edit one post file, reload through the in-memory cache, rebuild with previous=."""
    from bot.engine import Engine

    spec = generate.read_spec(args.folder)
    if spec is None or spec.layout != "per-post":
        raise RuntimeError("reload needs a generated per-post folder")
    path = args.folder / generate.post_path(int(spec.posts * CHANGED_INDEX_FRACTION))
    original = path.read_bytes()
    changed = original.replace(b'    title: "', b'    title: "Updated: ', 1)
    if changed == original:
        raise RuntimeError(f"could not edit {path}")
    try:
        path.write_bytes(changed)
        with _maybe_profile(args.profile == "reload", "reload"):
            knowledge, out["reload_load_s"] = _timed(lambda: _load(args.folder, cache))
            _, out["reload_build_s"] = _timed(lambda: Engine.build(knowledge, previous=engine))
        out["reload_total_s"] = out["reload_load_s"] + out["reload_build_s"]
    finally:
        path.write_bytes(original)


def _counts(knowledge: Any) -> str:
    phrasings = sum(len(f.questions) for f in knowledge.facts)
    return f"{len(knowledge.posts)} / {len(knowledge.facts)} / {phrasings}"


WORKERS: dict[str, Callable[[argparse.Namespace, dict[str, Any]], None]] = {
    "cold": worker_cold,
    "prime": worker_prime,
    "warm": worker_warm,
    "main": worker_main,
}


def run_worker(args: argparse.Namespace) -> int:
    out: dict[str, Any] = {}
    gc.collect()
    try:
        WORKERS[args.worker](args, out)
    except Exception as exc:
        out.setdefault("errors", []).append(f"{args.worker}: {type(exc).__name__}: {exc}")
        print(f"[{args.worker}] failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    out.setdefault("peak_rss_worker_mb", _rss_mb())
    print("RESULT " + json.dumps(out))
    return 0


# --- the driver ----------------------------------------------------------------


def _spawn(args: argparse.Namespace, worker: str, folder: Path, size_dir: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        worker,
        "--folder",
        str(folder),
        "--cache-dir",
        str(size_dir / "cache"),
        "--index-dir",
        str(size_dir / "index"),
        "--questions",
        str(args.questions),
        "--baseline-n",
        str(args.baseline_n),
        "--seed",
        str(args.seed),
        "--metrics",
        ",".join(args.metrics),
    ]
    if args.profile:
        command += ["--profile", args.profile]
    print(f"  [{folder.name}] {worker} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    proc = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        print(f"  [{folder.name}] {worker} crashed (exit {proc.returncode})", file=sys.stderr)
        return {"errors": [f"{worker}: crashed with exit code {proc.returncode}"]}
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    print(
        f"  [{folder.name}] {worker} done in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    return result


def ensure_folder(workdir: Path, size: int, seed: int) -> Path:
    folder = workdir / f"kb-{size}-seed{seed}"
    spec = generate.read_spec(folder)
    if spec == generate.Spec(size, seed, "per-post"):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"generating {size} posts into {folder} ...", file=sys.stderr, flush=True)
    _, seconds = _timed(lambda: generate.generate(folder, size, seed))
    print(f"  generated in {seconds:.1f} s", file=sys.stderr, flush=True)
    return folder


def measure_size(args: argparse.Namespace, size: int) -> dict[str, Any]:
    folder = ensure_folder(args.workdir, size, args.seed)
    size_dir = args.workdir / f"state-{size}-seed{args.seed}"
    size_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    errors: list[str] = []
    metrics = set(args.metrics)
    plan = []
    if "cold" in metrics:
        plan.append("cold")
    primed = (size_dir / "cache").is_dir() and any((size_dir / "cache").iterdir())
    if metrics & {"warm", "reload", "build", "query", "complete", "baseline"} and not (
        args.keep_state and primed
    ):
        plan.append("prime")  # the main worker and the restart use the disk cache
    if "warm" in metrics:
        plan.append("warm")
    if metrics & {"reload", "build", "query", "complete", "baseline"}:
        plan.append("main")
    for worker in plan:
        result = _spawn(args, worker, folder, size_dir)
        errors += result.pop("errors", [])
        result.pop("peak_rss_worker_mb", None)
        results.update(result)
    results["errors"] = errors
    return results


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    versions = {}
    for name in ("rapidfuzz", "numpy", "yaml"):
        try:
            versions[name] = __import__(name).__version__
        except Exception:
            versions[name] = "missing"
    try:
        import yaml

        libyaml = "yes" if yaml.__with_libyaml__ else "no"
    except ImportError:
        libyaml = "no"
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "rapidfuzz": versions["rapidfuzz"],
        "numpy": versions["numpy"],
        "PyYAML": f"{versions['yaml']} (libyaml: {libyaml})",
    }


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if unit == "ms":
        return f"{value:.3f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "x":
        return f"{value:.0f}x"
    return f"{value}"


def render(results: dict[int, dict[str, Any]], info: dict[str, str], command: str) -> str:
    sizes = sorted(results)
    lines = ["## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", "## Command", "", f"    {command}", "", "## Results", ""]
    lines.append("| metric | " + " | ".join(f"{s:,} posts" for s in sizes) + " |")
    lines.append("|---|" + "---:|" * len(sizes))
    for label, key, unit in ROWS:
        cells = [_fmt(results[s].get(key), unit) for s in sizes]
        if all(c == "n/a" for c in cells):
            continue
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "## Targets", "", "| target | size | limit | measured | result |"]
    lines.append("|---|---:|---:|---:|---|")
    for name, size, key, limit, unit in TARGETS:
        value = results.get(size, {}).get(key)
        if size not in results:
            verdict, shown = "not run", "-"
        elif value is None:
            verdict, shown = "n/a", "n/a"
        else:
            ok = value >= limit if unit == "x" else value <= limit
            verdict, shown = ("pass" if ok else "**FAIL**"), _fmt(value, unit)
        bound = f">= {limit:g}x" if unit == "x" else f"<= {limit:g} {unit}"
        lines.append(f"| {name} | {size:,} | {bound} | {shown} | {verdict} |")
    errors = [(s, e) for s in sizes for e in results[s].get("errors", [])]
    if errors:
        lines += ["", "## Not measured", ""]
        lines += [f"- {s:,}: {e}" for s, e in errors]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated post counts")
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--metrics",
        default=",".join(METRICS),
        help=f"comma-separated subset of {','.join(METRICS)}",
    )
    parser.add_argument(
        "--baseline-n",
        type=int,
        default=0,
        help="brute-force questions to time (default: 200 up to 10k posts, 50 above)",
    )
    parser.add_argument(
        "--profile",
        choices=("cold", "warm", "build", "query", "complete", "reload"),
        help="print a cProfile of that phase on stderr",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--keep-state",
        action="store_true",
        help="reuse the disk cache and saved index of an earlier run (skip the priming load)",
    )
    parser.add_argument("--worker", choices=tuple(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.metrics = [m for m in args.metrics.split(",") if m]
    unknown = set(args.metrics) - set(METRICS)
    if unknown:
        parser.error(f"unknown metrics: {', '.join(sorted(unknown))}")
    if args.worker:
        return run_worker(args)

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    command = "uv run python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    results: dict[int, dict[str, Any]] = {}
    user_baseline_n = args.baseline_n
    for size in sizes:
        args.baseline_n = user_baseline_n or (200 if size <= 10_000 else 50)
        results[size] = measure_size(args, size)
    info = machine()
    report = render(results, info, command)
    print(report)
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "results": results}, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
