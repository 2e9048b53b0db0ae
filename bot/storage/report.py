"""The curator's report: the figures as terminal text, and as an offline HTML page."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from bot.storage.curator import MissGroup, Stats
from bot.storage.records import Candidate

SHOWN_MISSES = 10
SHOWN_NEVER = 10


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}%"


def _candidate(candidate: Candidate | None) -> str:
    if candidate is None:
        return "none"
    what = f"fact {candidate.fact_id}" if candidate.fact_id else f"post {candidate.post_id}"
    if candidate.fact_id and candidate.post_id:
        what += f" (post {candidate.post_id})"
    return what + ("" if candidate.score is None else f", score {candidate.score:.1f}")


def _span(stats: Stats) -> str:
    first, last = stats.period.since.date(), stats.period.until.date()
    return f"{first.isoformat()} to {last.isoformat()} ({stats.period.days} days, UTC)"


def text_report(stats: Stats, groups: Sequence[MissGroup]) -> str:
    """The figures for a terminal, one per line."""
    lines = [f"Questions from {_span(stats)}", f"asked: {stats.asked} by {stats.askers} people"]
    for kind, count in stats.kinds.items():
        share = count / stats.asked if stats.asked else None
        lines.append(f"  {kind}: {count} ({_percent(share)})")
    lines.append(f"answered rate (answered + likely): {_percent(stats.answered_rate)}")
    lines.append(f"feedback: {stats.helpful} helpful, {stats.not_what_asked} not what I asked")
    if stats.top_facts:
        lines.append("top facts:")
        lines.extend(f"  {count:>5}  {fact}" for fact, count in stats.top_facts)
    if stats.never_asked is not None:
        lines.append(f"facts never asked: {len(stats.never_asked)}")
        lines.extend(f"  {fact}" for fact in stats.never_asked[:SHOWN_NEVER])
        if len(stats.never_asked) > SHOWN_NEVER:
            lines.append(f"  ... and {len(stats.never_asked) - SHOWN_NEVER} more")
    lines.append(f"missed questions: {sum(g.count for g in groups)} in {len(groups)} groups")
    for group in groups[:SHOWN_MISSES]:
        more = len(group.phrasings) - 1
        wordings = f" (+{more} other wordings)" if more else ""
        lines.append(f"  {group.count:>5}  {group.title}{wordings}")
        lines.append(f"         best candidate: {_candidate(group.best)}")
    lines.append("per day: asked, answered rate")
    lines.extend(
        f"  {day.day.isoformat()}  {day.asked:>5}  {_percent(day.answered_rate)}"
        for day in stats.days
    )
    return "\n".join(lines) + "\n"


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; } td, th { padding: .2rem .8rem; text-align: left; }
th { border-bottom: 1px solid #ccc; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.muted { color: #666; } li { margin: .1rem 0; }
"""


def html_report(
    stats: Stats,
    groups: Sequence[MissGroup],
    *,
    title: str,
    generated: dt.datetime | None = None,
) -> str:
    """A self-contained page (inline CSS and SVG, no network) with charts and tables."""
    from bot.storage.charts import daily_chart, misses_chart, tiers_chart

    esc = html.escape
    moment = (generated or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    kinds = "".join(
        f"<tr><td>{esc(kind)}</td><td class=n>{count}</td>"
        f"<td class=n>{_percent(count / stats.asked if stats.asked else None)}</td></tr>"
        for kind, count in stats.kinds.items()
    )
    misses = "".join(
        f"<tr><td class=n>{g.count}</td><td><ul>"
        + "".join(f"<li>{esc(text)} <span class=muted>×{n}</span></li>" for text, n in g.phrasings)
        + f"</ul></td><td>{esc(_candidate(g.best))}</td></tr>"
        for g in groups[: SHOWN_MISSES * 2]
    )
    facts = "".join(
        f"<tr><td>{esc(fact)}</td><td class=n>{count}</td></tr>" for fact, count in stats.top_facts
    )
    never = (
        ""
        if stats.never_asked is None
        else f"<h2>Facts never asked ({len(stats.never_asked)})</h2>"
        f"<details><summary>show</summary><p>{esc(', '.join(stats.never_asked)) or 'none'}</p>"
        "</details>"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}: questions report</title><style>{_STYLE}</style></head>
<body>
<h1>{esc(title)}: questions report</h1>
<p class=muted>{esc(_span(stats))}; generated {esc(moment)}</p>
<table id="figures">
<tr><th>asked</th><td class=n>{stats.asked}</td><td class=muted>by {stats.askers} people</td></tr>
<tr><th>answered rate</th><td class=n>{_percent(stats.answered_rate)}</td>
<td class=muted>answered + likely</td></tr>
<tr><th>feedback</th><td class=n>{stats.helpful}</td><td class=muted>helpful,
{stats.not_what_asked} not what I asked</td></tr>
</table>
<h2>Questions and answered rate per day</h2>
<figure id="chart-daily">{daily_chart(stats)}</figure>
<h2>How questions were answered</h2>
<figure id="chart-tiers">{tiers_chart(stats)}</figure>
<table>{kinds}</table>
<h2>Top missed questions</h2>
<figure id="chart-misses">{misses_chart(groups)}</figure>
<table id="misses"><tr><th>asked</th><th>wordings</th><th>best candidate</th></tr>{misses}</table>
<h2>Top facts</h2>
<table id="top-facts"><tr><th>fact</th><th>answers</th></tr>{facts}</table>
{never}
</body></html>
"""
