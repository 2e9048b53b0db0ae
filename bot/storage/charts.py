"""The report's charts, drawn with matplotlib as SVG text to inline in the HTML page.

Only matplotlib's object API (`Figure`), never pyplot: no GUI backend and no global
figure state. Text stays text in the SVG (svg.fonttype none) and user text is never
parsed as mathtext. Element ids get a per-chart prefix so that several charts can
share one page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from bot.storage.curator import MissGroup, Stats

KIND_COLOURS = {
    "answered": "#2a7d4f",
    "likely": "#8cc084",
    "unsure": "#e0a030",
    "silent": "#b0b0b0",
}
_RC: dict[Any, Any] = {  # matplotlib types the keys as a Literal of every rc name
    "svg.fonttype": "none",
    "svg.hashsalt": "archive-bot",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')
MAX_LABEL = 60


def _svg(figure: Figure, prefix: str) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = out.getvalue()
    text = text[text.index("<svg") :].strip()  # drop the XML declaration and doctype
    return _ID.sub(lambda m: f"{m[1]}{prefix}-{m[2]}", text)


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def daily_chart(stats: Stats) -> str:
    """Questions per day (stacked by reply kind) above the answered rate per day."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(9, 4.6))
        top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(2, 1))
        positions = list(range(len(stats.days)))
        base = [0] * len(stats.days)
        for kind, colour in KIND_COLOURS.items():
            values = [day.kinds.get(kind, 0) for day in stats.days]
            top.bar(positions, values, bottom=base, color=colour, label=kind, width=0.8)
            base = [b + v for b, v in zip(base, values, strict=True)]
        top.set_ylabel("questions")
        top.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=4, frameon=False)
        rates = [day.answered_rate for day in stats.days]
        bottom.plot(
            positions,
            [float("nan") if r is None else 100 * r for r in rates],
            marker="o",
            markersize=3,
            color=KIND_COLOURS["answered"],
        )
        bottom.set_ylim(0, 105)
        bottom.set_ylabel("answered %")
        step = max(1, len(positions) // 12)
        bottom.set_xticks(
            positions[::step], [day.day.strftime("%m-%d") for day in stats.days][::step]
        )
        figure.align_ylabels()
        return _svg(figure, "daily")


def tiers_chart(stats: Stats) -> str:
    """How the questions of the period were answered, one bar per reply kind."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(6, 2.2))
        axes = figure.subplots()
        kinds = list(KIND_COLOURS)
        counts = [stats.kinds.get(kind, 0) for kind in kinds]
        axes.barh(kinds[::-1], counts[::-1], color=[KIND_COLOURS[k] for k in kinds][::-1])
        for y, count in enumerate(counts[::-1]):
            share = f" ({100 * count / stats.asked:.0f}%)" if stats.asked else ""
            axes.text(count, y, f" {count}{share}", va="center", parse_math=False)
        axes.set_xlabel("questions")
        axes.set_xlim(0, max([*counts, 1]) * 1.25)
        return _svg(figure, "tiers")


def misses_chart(groups: Sequence[MissGroup], limit: int = 10) -> str:
    """The biggest groups of missed questions, by how often they were asked."""
    shown = list(groups[:limit])
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(9, 0.45 * max(len(shown), 2) + 0.8))
        axes = figure.subplots()
        if not shown:
            axes.text(0.5, 0.5, "no missed questions in this period", ha="center", va="center")
            axes.set_axis_off()
            return _svg(figure, "misses")
        labels = [_label(group.title) for group in shown][::-1]
        positions = list(range(len(shown)))
        unanswered = [group.unanswered for group in shown][::-1]
        down = [group.count - group.unanswered for group in shown][::-1]
        axes.barh(positions, unanswered, color=KIND_COLOURS["unsure"], label="unanswered")
        axes.barh(positions, down, left=unanswered, color="#c0504d", label="not what I asked")
        axes.set_yticks(positions, labels, parse_math=False)
        axes.set_xlabel("times asked")
        axes.legend(loc="lower right", frameon=False)
        return _svg(figure, "misses")
