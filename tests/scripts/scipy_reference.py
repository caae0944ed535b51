#!/usr/bin/env python3
"""Reference p-values from scipy for newsdex's paired significance tests (issue 16).

newsdex computes them itself (src/eval/stats.rs); this script is how the values recorded
in the tests were obtained. It needs `pip install scipy` (recorded with scipy 1.17.1).

    python3 tests/scripts/scipy_reference.py
        p-values for the hand-made vectors of src/eval/stats.rs's unit tests.
    python3 tests/scripts/scipy_reference.py COMPARISON.json
        p-values per metric for a `newsdex eval ... --against BASELINE --format json`
        output, printed as the JSON fixture tests/fixtures/compare/ holds.

The randomization test is scipy.stats.permutation_test over the pairs (permutation_type=
'samples': each pair's two values swapped, i.e. the sign of its difference flipped) with
the mean difference as statistic, two-sided. Pairs with no difference are left out first:
flipping them never changes the statistic, so the p-value is the same, and with 20 or
fewer changed pairs scipy can then enumerate every assignment (n_resamples=inf, exact).
"""

import json
import sys

import numpy as np
from scipy import stats

EXACT_MAX = 20
RESAMPLES = 2_000_000


def mean_difference(x, y, axis):
    return np.mean(x - y, axis=axis)


def p_values(baseline, current):
    baseline = np.asarray(baseline, dtype=float)
    current = np.asarray(current, dtype=float)
    changed = np.abs(current - baseline) > 1e-9
    if not changed.any():
        return {"p_randomization": 1.0, "p_ttest": 1.0}
    b, c = baseline[changed], current[changed]
    exact = len(b) <= EXACT_MAX
    perm = stats.permutation_test(
        (c, b),
        mean_difference,
        permutation_type="samples",
        vectorized=True,
        alternative="two-sided",
        n_resamples=np.inf if exact else RESAMPLES,
        rng=np.random.default_rng(16),
    )
    t = stats.ttest_rel(current, baseline)
    return {"p_randomization": float(perm.pvalue), "p_ttest": float(t.pvalue),
            "changed": int(changed.sum()), "exact": bool(exact)}


def hand_made():
    b8 = [0.5, 0.75, 1.0, 0.2, 0.6, 0.9, 0.3, 0.45]
    c8 = [0.55, 0.7, 1.0, 0.35, 0.8, 0.95, 0.3, 0.6]
    b30 = [float((i * 7) % 11) / 10.0 for i in range(30)]
    c30 = [float((i * 7) % 11) / 10.0 + float((i * 5) % 9) / 20.0 - 0.15 for i in range(30)]
    print("8 pairs:", p_values(b8, c8))
    print("30 pairs:", p_values(b30, c30))
    for t, df in [(2.0, 5.0), (0.5, 38.0), (10.0, 3.0)]:
        print(f"t={t} df={df}: two-sided sf {repr(2 * stats.t.sf(t, df))}")


def comparison(path):
    with open(path) as f:
        doc = json.load(f)
    out = {"scipy": __import__("scipy").__version__, "metrics": {}}
    for key in doc["metrics"]:
        baseline = [q["baseline"][key] for q in doc["per_query"]]
        current = [q["current"][key] for q in doc["per_query"]]
        entry = {"baseline": baseline, "current": current}
        entry.update(p_values(baseline, current))
        out["metrics"][key] = entry
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        comparison(sys.argv[1])
    else:
        hand_made()
