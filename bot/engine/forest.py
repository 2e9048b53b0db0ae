"""A fitted forest of decision trees: the answer gate's model (bot/engine/gate.json).

A logistic gate adds its features up; the cases it gets wrong need them combined
(a high score means little when the runner-up is a sibling, a low one is fine when
the letters all match). Random forests fitted by eval/fit_gate.py with
scikit-learn, a development tool only: here the trees are plain arrays, walked
for all trees at once with numpy (no scikit-learn at run time).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True, eq=False)
class Forest:
    """Trees as flat arrays; a leaf points at itself, so every walk takes `depth` steps."""

    names: tuple[str, ...]
    feature: npt.NDArray[np.intp]
    threshold: npt.NDArray[np.float64]
    child: npt.NDArray[np.intp]
    """Node i's left child at 2i, its right child at 2i + 1."""
    value: npt.NDArray[np.float64]
    """At a leaf: the share of right first candidates among the training cases there."""
    roots: npt.NDArray[np.intp]
    depth: int

    def probability(self, values: Sequence[float]) -> float:
        """The mean over the trees of the leaf each reaches: P(the first candidate is right)."""
        # float32 first, as scikit-learn compares its inputs with the thresholds
        x = np.asarray(values, dtype=np.float32).astype(np.float64)
        feature, threshold, child = self.feature, self.threshold, self.child
        nodes = self.roots
        for _ in range(self.depth):
            nodes = child[2 * nodes + (x[feature[nodes]] > threshold[nodes])]
        return float(self.value[nodes].mean())


def forest_from_json(data: Mapping[str, Any]) -> Forest:
    """The stored form (eval/fit_gate.py writes it) as arrays."""
    feature: list[int] = []
    threshold: list[float] = []
    child: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    for tree in data["trees"]:
        base = len(feature)
        roots.append(base)
        for i, (f, t, lo, hi, v) in enumerate(
            zip(
                tree["feature"],
                tree["threshold"],
                tree["left"],
                tree["right"],
                tree["value"],
                strict=True,
            )
        ):
            leaf = lo < 0
            feature.append(0 if leaf else int(f))
            threshold.append(np.inf if leaf else float(t))
            child.append(base + (i if leaf else int(lo)))
            child.append(base + (i if leaf else int(hi)))
            value.append(float(v))
    return Forest(
        names=tuple(data["names"]),
        feature=np.array(feature, dtype=np.intp),
        threshold=np.array(threshold, dtype=np.float64),
        child=np.array(child, dtype=np.intp),
        value=np.array(value, dtype=np.float64),
        roots=np.array(roots, dtype=np.intp),
        depth=int(data["depth"]),
    )
