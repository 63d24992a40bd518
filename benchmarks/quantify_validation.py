"""Choose the share correction and check its intervals: a site-grouped simulation on coded development data.

The coded sentences' held-out (site-disjoint) predictions are ``data/labels_cv.csv``.
Each repetition splits the coded development pages' sites at random into two
halves: the correction is fitted on the other coded sets plus one half's sites,
and a target sample is drawn from the other half's sites with class priors
shifted at random (half the pool's own shares, half a flat Dirichlet draw),
sentences drawn with replacement within each coded class. Every method of
:data:`coopetition.model.quantify.METHODS` estimates the sample's shares; the error is
against the coders' shares of the sample. Then, for the chosen method of each
axis, the bootstrap intervals of :func:`coopetition.model.quantify.corrected_shares`
(coded sentences resampled by site, target sentences resampled) are checked for
how often they hold the coders' shares.

Writes ``benchmarks/quantify_validation.json``; with ``--mode accurate`` the same on the accurate mode's
held-out predictions (``data/labels_cv_accurate.csv``), ``benchmarks/quantify_validation_accurate.json``.
Development data only. Run: ``python benchmarks/quantify_validation.py [--mode accurate]`` (a few minutes).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from coopetition.model.quantify import METHODS, _proba_matrix, _sorted_classes, calibration_table, estimate_shares

OUT = Path(__file__).with_name("quantify_validation.json")
#: the same simulation on the accurate mode's held-out predictions (data/labels_cv_accurate.csv)
OUT_ACCURATE = Path(__file__).with_name("quantify_validation_accurate.json")
SEED = 20261207


def simulate(cal, *, reps: int, n: int, n_boot: int, methods=METHODS, level: float = 0.95, seed: int = SEED) -> dict:
    """Errors of each method and the coverage of the chosen one's intervals, per axis."""
    rng = np.random.default_rng(seed)
    dev = (cal["set"] == "devpages").to_numpy()
    dev_sites = np.array(sorted(set(cal.loc[dev, "site"])))
    result = {}
    for axis in ("frame", "tone"):
        classes = _sorted_classes(axis)
        p_all, y_all = _proba_matrix(cal, axis), cal[axis].to_numpy()
        errors = {m: [] for m in methods}
        cover, widths, samples = [], [], []
        for rep in range(reps):
            half = set(rng.permutation(dev_sites)[: len(dev_sites) // 2])
            target_pool = np.flatnonzero(dev & cal["site"].isin(half).to_numpy())
            fit_rows = np.flatnonzero(~(dev & cal["site"].isin(half).to_numpy()))
            pool_y = y_all[target_pool]
            present = [c for c in classes if (pool_y == c).any()]
            pool_prior = np.array([(pool_y == c).mean() for c in present])
            prior = 0.5 * pool_prior + 0.5 * rng.dirichlet(np.ones(len(present)))
            counts = rng.multinomial(n, prior)
            sample = np.concatenate([rng.choice(target_pool[pool_y == c], k) for c, k in zip(present, counts) if k])
            truth = np.array([(y_all[sample] == c).mean() for c in classes])
            for m in methods:
                est = estimate_shares(p_all[fit_rows], y_all[fit_rows], p_all[sample], axis=axis, method=m)
                errors[m].append(np.abs(est - truth))
            samples.append((fit_rows, sample, truth))
        mae = {m: round(float(np.mean(errors[m])), 4) for m in methods}
        chosen = min(methods, key=lambda m: (mae[m], m))
        # coverage of the chosen method's bootstrap intervals (sites of the coded sentences resampled whole)
        for fit_rows, sample, truth in samples:
            sites = cal["site"].to_numpy()[fit_rows]
            names, site_of = np.unique(sites, return_inverse=True)
            members = [np.flatnonzero(site_of == k) for k in range(len(names))]
            boot = []
            for _ in range(n_boot):
                d = fit_rows[np.concatenate([members[k] for k in rng.integers(0, len(members), len(members))])]
                s = sample[rng.integers(0, len(sample), len(sample))]
                boot.append(estimate_shares(p_all[d], y_all[d], p_all[s], axis=axis, method=chosen))
            tail = (1 - level) / 2 * 100
            low, high = np.percentile(np.array(boot), [tail, 100 - tail], axis=0)
            cover.append((low <= truth + 1e-9) & (truth - 1e-9 <= high))
            widths.append(high - low)
        cover, widths = np.array(cover), np.array(widths)
        raw_mae = mae.get("CC")
        result[axis] = {
            "mean_absolute_error": mae,
            "chosen": chosen,
            "raw_cc_error": raw_mae,
            "coverage": round(float(cover.mean()), 4),
            "coverage_by_class": {c: round(float(cover[:, j].mean()), 4) for j, c in enumerate(classes)},
            "mean_interval_width": round(float(widths.mean()), 4),
            "max_abs_error_chosen": round(float(np.max(errors[chosen])), 4),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--n", type=int, default=400, help="sentences per simulated target sample")
    parser.add_argument("--boot", type=int, default=100)
    parser.add_argument("--mode", choices=("fast", "accurate"), default="fast", help="whose held-out predictions")
    args = parser.parse_args(argv)
    cal = calibration_table(mode=args.mode)
    source = "data/labels_cv.csv" if args.mode == "fast" else "data/labels_cv_accurate.csv (the accurate mode)"
    result = simulate(cal, reps=args.reps, n=args.n, n_boot=args.boot)
    out = {
        "what": "site-grouped simulation on the coded development data: held-out (site-disjoint) predictions of "
        f"{source}; "
        "the development pages' sites split in halves at random, correction fitted on one half plus the other coded sets, "
        "target samples drawn from the other half with shifted class priors; errors against the coders' shares of each sample",
        "reps": args.reps,
        "sample_size": args.n,
        "bootstrap": args.boot,
        "level": 0.95,
        "seed": SEED,
        **result,
    }
    (OUT if args.mode == "fast" else OUT_ACCURATE).write_text(
        json.dumps(out, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
