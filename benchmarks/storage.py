"""The cost of recording a question on the event loop, on both storage backends.

    uv run python benchmarks/storage.py [--calls 20000] [--postgres URL]

For each backend, `Recorder.record_question` is called `--calls` times on the
event loop (after 1,000 warm-up calls), yielding to the loop every 20 calls so
that the background writer really writes to the database meanwhile. Printed per
backend: p50, p99 and max of one call in microseconds. Then `--burst` rows are
recorded at once and a 1 ms ticker on the loop measures how late it wakes while
the writer drains them (p99 and max, ms: what the writer's own work costs the
loop), next to the same ticks once the writer is idle (what the machine's load
alone costs), and the rows written per second.

PostgreSQL: the server at --postgres, else a throwaway one started from the
binaries that tests/pgserver.py uses (skipped, with a note, if they are missing).
SQLite: a file in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.storage.base import Store  # noqa: E402
from bot.storage.postgres import PostgresStore  # noqa: E402
from bot.storage.recorder import BATCH, Recorder  # noqa: E402
from bot.storage.records import Candidate  # noqa: E402
from bot.storage.sqlite import SqliteStore  # noqa: E402

WARMUP = 1000
YIELD_EVERY = 20
CANDIDATES = (
    Candidate("gsomia-fully-restored-march-2023", "gsomia-officially-restored", 91.5),
    Candidate("gsomia-signed-2016", None, None),
    Candidate("restoration-thaw-frozen-ties", None, None),
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def late() -> float:
    """How late, in seconds, a 1 ms sleep on the loop wakes up."""
    start = time.perf_counter()
    await asyncio.sleep(0.001)
    return time.perf_counter() - start - 0.001


def record(recorder: Recorder, n: int) -> None:
    recorder.record_question(
        user_id=123456789012345678 + n % 500,
        question=f"When was GSOMIA restored, question {n}?",
        kind="answered",
        guild_id=987654321098765432,
        channel_id=876543210987654321,
        candidates=CANDIDATES,
        knowledge_version="0123456789ab",
        message_id=765432109876543210 + n,
    )


async def measure(store: Store, calls: int, burst: int, batch: int) -> dict[str, float]:
    """Phase 1: the cost of each call while the writer runs. Phase 2: a burst of rows is
    recorded at once, then a 1 ms ticker measures the loop while the writer drains it."""
    await store.migrate()
    costs: list[float] = []
    salt = b"benchmark-salt-0123456789"
    async with Recorder(store, salt=salt, batch_size=batch) as recorder:
        for n in range(WARMUP + calls):
            t0 = time.perf_counter_ns()
            record(recorder, n)
            t1 = time.perf_counter_ns()
            if n >= WARMUP:
                costs.append((t1 - t0) / 1000)
            if n % YIELD_EVERY == 0:
                await asyncio.sleep(0)
        assert await recorder.flush(), "the writer failed"

        for n in range(burst):
            record(recorder, WARMUP + calls + n)
        lags: list[float] = []
        started = time.perf_counter()
        while recorder.stats.pending:
            lags.append(await late())
        drained = time.perf_counter() - started
        idle = [await late() for _ in lags]  # the same ticks with nothing to write
    await store.close()
    return {
        "p50": statistics.median(costs),
        "p99": percentile(costs, 0.99),
        "max": max(costs),
        "lag_p99": 1000 * percentile(lags, 0.99),
        "lag_max": 1000 * max(lags),
        "rows_per_s": burst / drained,
        "idle_p99": 1000 * percentile(idle, 0.99),
    }


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    if url is not None:
        yield url
        return
    from tests.pgserver import PgServer, missing_binaries

    if missing_binaries() is not None:
        yield None
        return
    server = PgServer()
    try:
        server.start()
        yield server.url()
    finally:
        server.destroy()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--burst", type=int, default=5_000, help="rows drained in phase 2")
    parser.add_argument("--batch", type=int, default=BATCH, help=f"rows a write (default {BATCH})")
    parser.add_argument("--postgres", metavar="URL", help="an existing server (default: start one)")
    args = parser.parse_args()
    results: dict[str, dict[str, float] | str] = {}
    with tempfile.TemporaryDirectory() as folder:
        sqlite = SqliteStore(Path(folder) / "b.sqlite3")
        results["SQLite"] = asyncio.run(measure(sqlite, args.calls, args.burst, args.batch))
    with postgres(args.postgres) as url:
        if url is None:
            results["PostgreSQL"] = "not measured: no PostgreSQL binaries"
        else:
            results["PostgreSQL"] = asyncio.run(
                measure(PostgresStore(url), args.calls, args.burst, args.batch)
            )
    print(
        f"record_question on the event loop: {args.calls} calls after {WARMUP} warm-up; "
        f"then {args.burst} rows drained by the writer, with a 1 ms ticker on the loop\n"
    )
    print(
        "| backend | p50 µs | p99 µs | max µs | ticker late p99 ms | late max ms "
        "| idle late p99 ms | rows/s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, result in results.items():
        if isinstance(result, str):
            print(f"| {name} | {result} | | | | | | |")
            continue
        print(
            f"| {name} | {result['p50']:.1f} | {result['p99']:.1f} | {result['max']:.0f} | "
            f"{result['lag_p99']:.2f} | {result['lag_max']:.1f} | {result['idle_p99']:.2f} | "
            f"{result['rows_per_s']:.0f} |"
        )
    print(f"\n{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
