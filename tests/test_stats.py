"""harness.stats: exact McNemar, paired bootstrap CI, compare_paired, Holm adjustment."""

from __future__ import annotations

import dataclasses
import itertools
import math
from statistics import NormalDist

import numpy as np
import pytest
from scipy.stats import binomtest

from harness.stats import (
    PairedResult,
    compare_paired,
    holm,
    mcnemar_exact,
    paired_bootstrap_ci,
)

# ---------------------------------------------------------------------------------------------
# McNemar


@pytest.mark.parametrize(
    ("b", "c", "expected"),
    [
        (0, 0, 1.0),
        (10, 0, 2 * 0.5**10),  # 0.001953125
        (0, 10, 0.001953125),
        (7, 3, 2 * (1 + 10 + 45 + 120) / 1024),  # 0.34375
        (3, 7, 0.34375),
        (1, 0, 1.0),  # 2 * P(X <= 0; 1) = 1
        (5, 5, 1.0),  # doubled tail exceeds 1: capped
        (6, 1, 2 * (1 + 7) / 128),  # 0.125
    ],
)
def test_mcnemar_hand_computed(b: int, c: int, expected: float) -> None:
    assert mcnemar_exact(b, c) == expected


def test_mcnemar_symmetric() -> None:
    rng = np.random.default_rng(1)
    for b, c in rng.integers(0, 300, size=(50, 2)):
        assert mcnemar_exact(int(b), int(c)) == mcnemar_exact(int(c), int(b))


def test_mcnemar_matches_scipy_binomtest() -> None:
    rng = np.random.default_rng(2)
    pairs = [(int(b), int(c)) for b, c in rng.integers(0, 60, size=(40, 2)) if b + c > 0]
    # Large counts, where a float binomial coefficient would overflow (C(4100, 2000) > 1e308).
    pairs += [(2000, 2100), (2500, 2400), (3000, 2000), (4999, 5001), (1, 5000)]
    for b, c in pairs:
        expected = binomtest(b, b + c, 0.5).pvalue
        assert mcnemar_exact(b, c) == pytest.approx(expected, rel=1e-9, abs=1e-300), (b, c)


def test_mcnemar_exact_for_tiny_p() -> None:
    # One-sided discordance: p = 2 * 0.5**m = 2**(1 - m), exact in binary floating point.
    assert mcnemar_exact(1000, 0) == 2.0**-999
    assert mcnemar_exact(0, 1070) == 2.0**-1069  # subnormal, still exact
    assert mcnemar_exact(0, 5000) == 0.0  # below the smallest float: underflows, no error


def test_mcnemar_monotone_in_imbalance() -> None:
    ps = [mcnemar_exact(b, 100 - b) for b in range(51)]
    assert all(x <= y for x, y in itertools.pairwise(ps))
    assert ps[-1] == 1.0


def test_mcnemar_rejects_bad_counts() -> None:
    with pytest.raises(ValueError):
        mcnemar_exact(-1, 3)
    with pytest.raises(TypeError):
        mcnemar_exact(2.5, 3)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Paired bootstrap


def _random_pair(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.random(n) < 0.55
    b = np.where(rng.random(n) < 0.7, a, rng.random(n) < 0.65)  # correlated with a
    return a, b


def test_bootstrap_deterministic_by_seed() -> None:
    a, b = _random_pair(80, 3)
    first = paired_bootstrap_ci(a, b, n_boot=3000, seed=7)
    assert paired_bootstrap_ci(a, b, n_boot=3000, seed=7) == first
    assert paired_bootstrap_ci(list(a), list(b), n_boot=3000, seed=7) == first  # lists too
    assert paired_bootstrap_ci(a.astype(int), b.astype(int), n_boot=3000, seed=7) == first
    # Differences are multiples of 1/80, so two seeds may share an interval; ten should not.
    assert len({paired_bootstrap_ci(a, b, n_boot=3000, seed=s) for s in range(10)}) > 1


@pytest.mark.parametrize("seed", range(5))
def test_bootstrap_contains_observed_diff(seed: int) -> None:
    a, b = _random_pair(120, seed)
    observed = b.mean() - a.mean()
    lo, hi = paired_bootstrap_ci(a, b, n_boot=2000, seed=seed)
    assert lo < observed < hi
    assert -1.0 <= lo < hi <= 1.0


def test_bootstrap_equal_inputs_give_zero_interval() -> None:
    a, _ = _random_pair(50, 4)
    assert paired_bootstrap_ci(a, a.copy()) == (0.0, 0.0)
    assert paired_bootstrap_ci([True] * 10, [True] * 10) == (0.0, 0.0)
    assert paired_bootstrap_ci([False] * 10, [False] * 10) == (0.0, 0.0)


def test_bootstrap_width_shrinks_with_n() -> None:
    a, b = _random_pair(50, 5)
    widths = []
    for reps in (1, 4, 16):
        lo, hi = paired_bootstrap_ci(np.tile(a, reps), np.tile(b, reps), n_boot=2000, seed=0)
        widths.append(hi - lo)
    # Same proportions, n x4 each time: the width should roughly halve (1/sqrt(4)).
    assert widths[0] > 0
    for wide, narrow in itertools.pairwise(widths):
        assert 0.35 < narrow / wide < 0.65


def test_bootstrap_matches_normal_approximation_for_large_n() -> None:
    # n = 5000 needs several resampling chunks; the interval must still be right:
    # about diff +- 1.96 * sd(d) / sqrt(n) for the per-question differences d.
    a, b = _random_pair(5000, 6)
    d = b.astype(float) - a.astype(float)
    se = d.std() / math.sqrt(d.size)
    lo, hi = paired_bootstrap_ci(a, b, n_boot=4000, seed=1)
    assert lo == pytest.approx(d.mean() - 1.96 * se, abs=0.15 * se)
    assert hi == pytest.approx(d.mean() + 1.96 * se, abs=0.15 * se)


def test_bootstrap_level_nests_intervals() -> None:
    a, b = _random_pair(100, 7)
    lo50, hi50 = paired_bootstrap_ci(a, b, n_boot=2000, level=0.5)
    lo95, hi95 = paired_bootstrap_ci(a, b, n_boot=2000, level=0.95)
    lo99, hi99 = paired_bootstrap_ci(a, b, n_boot=2000, level=0.99)
    assert lo99 <= lo95 < lo50 < hi50 < hi95 <= hi99


def _latent_pairs(rng: np.random.Generator, n: int, p_b: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs sharing a latent question difficulty: P(A right) = 0.5, P(B right) = p_b."""
    shift = math.sqrt(2) * NormalDist().inv_cdf(p_b)  # theta + eps ~ N(0, 2)
    theta = rng.standard_normal(n)
    a = theta + rng.standard_normal(n) > 0
    b = theta + rng.standard_normal(n) > -shift
    return a, b


def _coverage(level: float, *, experiments: int, n: int = 200, p_b: float = 0.6) -> float:
    rng = np.random.default_rng(20240601)
    true_diff = p_b - 0.5
    hits = 0
    corr = []
    for exp in range(experiments):
        a, b = _latent_pairs(rng, n, p_b)
        corr.append(np.corrcoef(a, b)[0, 1])
        lo, hi = paired_bootstrap_ci(a, b, n_boot=2000, seed=exp, level=level)
        hits += lo <= true_diff <= hi
    assert np.mean(corr) > 0.2  # the pairs really are correlated
    return hits / experiments


def test_bootstrap_coverage_on_synthetic_data() -> None:
    # 1000 experiments x 2000 resamples of n = 200 paired questions (about 1.5 s).
    coverage = _coverage(0.95, experiments=1000)
    assert 0.90 <= coverage <= 0.99


def test_bootstrap_coverage_follows_level() -> None:
    # A coverage check that would notice a CI that is too wide regardless of level.
    coverage = _coverage(0.80, experiments=400)
    assert 0.72 <= coverage <= 0.88


@pytest.mark.parametrize(
    ("a", "b", "kwargs"),
    [
        ([True, False], [True], {}),
        ([], [], {}),
        ([True, False], [True, True], {"n_boot": 0}),
        ([True, False], [True, True], {"level": 1.0}),
        ([True, False], [True, True], {"level": 0.0}),
        ([0, 2], [1, 1], {}),
        ([[True]], [[False]], {}),
    ],
)
def test_bootstrap_rejects_bad_input(a: list, b: list, kwargs: dict) -> None:
    with pytest.raises(ValueError):
        paired_bootstrap_ci(a, b, **kwargs)


# ---------------------------------------------------------------------------------------------
# compare_paired


def test_compare_paired_known_example() -> None:
    # 2 both right, 1 both wrong, 6 only B right, 1 only A right.
    a = [True, True, False, False, False, False, False, False, False, True]
    b = [True, True, False, True, True, True, True, True, True, False]
    result = compare_paired(a, b, n_boot=2000, seed=3)
    assert isinstance(result, PairedResult)
    assert result.n == 10
    assert result.acc_a == 0.3
    assert result.acc_b == 0.8
    assert result.diff == pytest.approx(0.5)
    assert result.diff == pytest.approx(result.acc_b - result.acc_a)
    assert (result.b_only, result.a_only) == (6, 1)
    assert result.p_mcnemar == 0.125  # 2 * (1 + 7) / 2**7
    assert result.ci95 == paired_bootstrap_ci(a, b, n_boot=2000, seed=3)
    assert result.ci95[0] < result.diff < result.ci95[1]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.n = 3  # type: ignore[misc]


def test_compare_paired_swapped_models() -> None:
    a, b = _random_pair(150, 8)
    ab = compare_paired(a, b, n_boot=1000)
    ba = compare_paired(b, a, n_boot=1000)
    assert (ab.b_only, ab.a_only) == (ba.a_only, ba.b_only)
    assert ab.diff == -ba.diff
    assert ab.p_mcnemar == ba.p_mcnemar
    # Same resampled indices, negated differences: the interval mirrors.
    assert ab.ci95 == pytest.approx((-ba.ci95[1], -ba.ci95[0]), abs=1e-12)


def test_compare_paired_identical_models() -> None:
    result = compare_paired([True, False, True], [True, False, True])
    assert result.diff == 0.0
    assert result.ci95 == (0.0, 0.0)
    assert (result.b_only, result.a_only, result.p_mcnemar) == (0, 0, 1.0)


def test_compare_paired_rejects_length_mismatch_and_empty() -> None:
    with pytest.raises(ValueError, match="differ"):
        compare_paired([True, False, True], [True, False])
    with pytest.raises(ValueError):
        compare_paired([], [])


# ---------------------------------------------------------------------------------------------
# Holm


def test_holm_hand_computed() -> None:
    # Sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, max(0.04*1, 0.06) = 0.06.
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])


def test_holm_caps_at_one_and_edge_cases() -> None:
    assert holm([0.5, 0.6, 0.001]) == pytest.approx([1.0, 1.0, 0.003])
    assert holm([]) == []
    assert holm([0.2]) == [0.2]
    assert holm([0.01, 0.01]) == [0.02, 0.02]
    for bad in (1.5, -0.1, float("nan")):
        with pytest.raises(ValueError):
            holm([0.01, bad])


def _holm_rejections(pvalues: list[float], alpha: float) -> set[int]:
    """Holm's step-down procedure, as originally stated."""
    m = len(pvalues)
    rejected: set[int] = set()
    for rank, i in enumerate(sorted(range(m), key=pvalues.__getitem__)):
        if pvalues[i] > alpha / (m - rank):
            break
        rejected.add(i)
    return rejected


def test_holm_properties_random() -> None:
    rng = np.random.default_rng(9)
    for _ in range(200):
        m = int(rng.integers(1, 12))
        ps = [float(p) for p in rng.random(m) ** 3]
        adj = holm(ps)
        assert len(adj) == m
        assert all(p <= q <= 1.0 for p, q in zip(ps, adj, strict=True))
        order = sorted(range(m), key=ps.__getitem__)
        sorted_adj = [adj[i] for i in order]
        assert sorted_adj == sorted(sorted_adj)  # monotone in the raw p-values
        for alpha in (0.01, 0.05, 0.1):
            assert {i for i, q in enumerate(adj) if q <= alpha} == _holm_rejections(ps, alpha)
