"""Paired comparison of two text-to-SQL models scored on the same questions.

Each model gets one binary outcome per question (execution match or not). Because both models
answer the *same* questions, the outcomes are paired, and the statistics here exploit that:

* :func:`mcnemar_exact` — exact two-sided McNemar test on the discordant pairs (questions only
  one of the two models got right), computed with exact integer arithmetic so it stays correct
  for thousands of questions.
* :func:`paired_bootstrap_ci` — percentile bootstrap confidence interval of the accuracy
  difference, resampling *questions* (so each resample keeps both models' outcomes together).
* :func:`compare_paired` — both of the above plus accuracies and counts, as a
  :class:`PairedResult`.
* :func:`holm` — Holm-Bonferroni adjustment when several comparisons are reported together.

Only numpy and the standard library are needed.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

__all__ = [
    "PairedResult",
    "compare_paired",
    "holm",
    "mcnemar_exact",
    "paired_bootstrap_ci",
]

# Upper bound on the number of resampled indices drawn per numpy call, so that memory stays
# bounded (about 8 MiB of int64 indices) whatever n and n_boot are.
_CHUNK_ELEMENTS = 1 << 20

# Per-question binary outcomes of one model: a sequence of bools (or 0/1), or a numpy array.
Outcomes = Sequence[bool] | npt.NDArray[np.bool_]


@dataclass(frozen=True)
class PairedResult:
    """Comparison of model B against model A on the same ``n`` questions.

    Attributes:
        n: number of paired questions.
        acc_a: accuracy of model A (fraction of questions correct).
        acc_b: accuracy of model B.
        diff: ``acc_b - acc_a`` (positive when B is better).
        ci95: paired bootstrap percentile 95% confidence interval of ``diff``.
        b_only: questions only B got right (wins for B).
        a_only: questions only A got right (losses for B).
        p_mcnemar: exact two-sided McNemar p-value on the discordant pairs.
    """

    n: int
    acc_a: float
    acc_b: float
    diff: float
    ci95: tuple[float, float]
    b_only: int
    a_only: int
    p_mcnemar: float


def _count(value: int, name: str) -> int:
    try:
        count = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}") from None
    if count < 0:
        raise ValueError(f"{name} must be >= 0, got {count}")
    return count


def mcnemar_exact(b_only: int, a_only: int) -> float:
    """Exact two-sided McNemar p-value for ``b_only`` and ``a_only`` discordant pairs.

    Under the null hypothesis (both models equally accurate) each discordant question is a fair
    coin flip, so with ``m = b_only + a_only`` and ``k = min(b_only, a_only)``::

        p = min(1, 2 * P(X <= k)),  X ~ Binomial(m, 1/2)

    and ``p = 1.0`` when there are no discordant pairs. The tail is summed with exact integer
    binomial coefficients and converted to float once at the end (correctly rounded), so there
    is neither overflow nor cancellation for large counts; a p-value below the smallest positive
    float comes back as ``0.0``.

    Raises:
        TypeError: if a count is not an integer.
        ValueError: if a count is negative.
    """
    b = _count(b_only, "b_only")
    c = _count(a_only, "a_only")
    m = b + c
    if m == 0:
        return 1.0
    k = min(b, c)
    # tail = sum_{i<=k} C(m, i), built incrementally: C(m, i+1) = C(m, i) * (m - i) / (i + 1).
    term = 1
    tail = 1
    for i in range(k):
        term = term * (m - i) // (i + 1)
        tail += term
    # p = 2 * tail / 2**m = tail / 2**(m - 1); it reaches 1 when the tail covers half the mass.
    numerator, denominator = 2 * tail, 1 << m
    if numerator >= denominator:
        return 1.0
    return float(Fraction(numerator, denominator))


def _as_outcomes(values: Outcomes, name: str) -> npt.NDArray[np.bool_]:
    """Convert a sequence of binary outcomes (bools, or 0/1 numbers) to a 1-D bool array."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.dtype == np.bool_:
        return arr
    if arr.size == 0:
        return np.zeros(0, dtype=np.bool_)
    if arr.dtype.kind not in "iuf" or not np.isin(arr, (0, 1)).all():
        raise ValueError(f"{name} must hold binary outcomes (bool or 0/1)")
    return arr.astype(np.bool_)


def _paired(a: Outcomes, b: Outcomes) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    arr_a = _as_outcomes(a, "a")
    arr_b = _as_outcomes(b, "b")
    if arr_a.shape != arr_b.shape:
        raise ValueError(f"a and b must be paired: lengths {arr_a.size} and {arr_b.size} differ")
    if arr_a.size == 0:
        raise ValueError("a and b are empty: nothing to compare")
    return arr_a, arr_b


def paired_bootstrap_ci(
    a: Outcomes,
    b: Outcomes,
    *,
    n_boot: int = 10000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Paired bootstrap percentile confidence interval of ``acc(b) - acc(a)``.

    Each of ``n_boot`` resamples draws ``n`` question indices with replacement and takes the
    accuracy difference over those questions (A's and B's outcomes on a question stay together,
    which is what makes the bootstrap paired). The interval is the ``(1-level)/2`` and
    ``(1+level)/2`` quantiles of the resampled differences (numpy's default linear
    interpolation). Resampling is vectorised in bounded-memory chunks and fully determined by
    ``seed`` (together with the inputs and ``n_boot``).

    Raises:
        ValueError: if the lengths differ, the inputs are empty or not binary, ``n_boot < 1``,
            or ``level`` is not strictly between 0 and 1.
    """
    arr_a, arr_b = _paired(a, b)
    n_boot = operator.index(n_boot)
    if n_boot < 1:
        raise ValueError(f"n_boot must be >= 1, got {n_boot}")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    n = arr_a.size
    # Per-question difference in {-1, 0, 1}; a resample's diff is the mean over its indices.
    d = arr_b.astype(np.int8) - arr_a.astype(np.int8)
    if not d.any():
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    rows = max(1, _CHUNK_ELEMENTS // n)
    sums = np.empty(n_boot, dtype=np.int64)
    for start in range(0, n_boot, rows):
        stop = min(start + rows, n_boot)
        idx = rng.integers(0, n, size=(stop - start, n))
        sums[start:stop] = d[idx].sum(axis=1, dtype=np.int64)
    diffs = sums / n
    alpha = 1.0 - level
    lo, hi = np.quantile(diffs, [alpha / 2, 1.0 - alpha / 2])
    return (float(lo), float(hi))


def compare_paired(
    a: Outcomes,
    b: Outcomes,
    *,
    n_boot: int = 10000,
    seed: int = 0,
) -> PairedResult:
    """Compare model B with model A on the same questions (``a[i]``, ``b[i]``: question ``i``).

    Returns accuracies, their difference ``acc_b - acc_a``, the paired bootstrap 95% CI of the
    difference (``n_boot`` resamples, ``seed``), the discordant counts and the exact McNemar
    p-value.

    Raises:
        ValueError: if ``a`` and ``b`` differ in length, are empty, or are not binary.
    """
    arr_a, arr_b = _paired(a, b)
    n = int(arr_a.size)
    b_only = int(np.count_nonzero(arr_b & ~arr_a))
    a_only = int(np.count_nonzero(arr_a & ~arr_b))
    return PairedResult(
        n=n,
        acc_a=int(np.count_nonzero(arr_a)) / n,
        acc_b=int(np.count_nonzero(arr_b)) / n,
        # Computed from the discordant counts so that it is exactly 0 when they balance.
        diff=(b_only - a_only) / n,
        ci95=paired_bootstrap_ci(arr_a, arr_b, n_boot=n_boot, seed=seed, level=0.95),
        b_only=b_only,
        a_only=a_only,
        p_mcnemar=mcnemar_exact(b_only, a_only),
    )


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the same order as ``pvalues``.

    With the ``m`` p-values sorted ascending as ``p(1) <= ... <= p(m)``, the adjusted value of
    ``p(i)`` is ``min(1, max_{j<=i} (m - j + 1) * p(j))``: monotone in the raw p-values and
    capped at 1. Rejecting every hypothesis whose adjusted p-value is ``<= alpha`` controls the
    family-wise error rate at ``alpha``.

    Raises:
        ValueError: if a p-value is NaN or outside [0, 1].
    """
    ps = [float(p) for p in pvalues]
    for p in ps:
        if not 0.0 <= p <= 1.0:  # also rejects NaN
            raise ValueError(f"p-values must be in [0, 1], got {p}")
    m = len(ps)
    order = sorted(range(m), key=ps.__getitem__)
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        adjusted[i] = running
    return adjusted
