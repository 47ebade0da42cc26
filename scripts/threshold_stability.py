"""How much the per-commitment cut-offs move with the assignment of documents to folds,
on the corpus alone (no real text is read).

    python scripts/threshold_stability.py [--seeds 12] [--cache DIR]

Computes the out-of-fold scores of the shipped design on the corpus's training split once
per fold seed (``config.SEED``, +1, …; each like ``nip-nlp train`` does, ~1.5 min on one
core; kept in ``--cache`` so an interrupted run resumes), then, for each number R of pooled
fold assignments that divides the seeds, splits the seeds into disjoint groups of R, tunes
the cut-offs on each group's pooled scores (``CommitmentClassifier.tune_thresholds``, the
rule training uses) and reports how far a commitment's cut-off lies apart between groups:
the largest and the mean absolute difference over all pairs of groups; for the plain best
point and for plateau rules (``best_threshold``'s ``plateau``). The smallest R (and δ) whose
cut-offs hardly move is the one to train with (``config.THRESHOLD_REPEATS``,
``config.THRESHOLD_PLATEAU``). Markdown on stdout.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nip_nlp import config  # noqa: E402
from nip_nlp.catalog import COMMITMENT_IDS  # noqa: E402
from nip_nlp.model.classifier import CommitmentClassifier  # noqa: E402
from nip_nlp.model.corpus import corpus_hash  # noqa: E402
from nip_nlp.model.training import training_split  # noqa: E402


PLATEAUS = (0.0, 0.005, 0.01, 0.02)


def oof_per_seed(corpus_dir: Path, seeds: int, cache: Path) -> tuple[CommitmentClassifier, list, np.ndarray, np.ndarray]:
    X, Y, groups, eligible = training_split(corpus_dir)[1:]  # as `nip-nlp train` prepares it
    est = CommitmentClassifier(approach=config.APPROACH, random_state=config.SEED)  # as `nip-nlp train`
    cache = cache / corpus_hash(corpus_dir)
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    for r in range(seeds):
        f = cache / f"oof_{config.SEED + r}.npy"
        if not f.exists():
            np.save(f, est.cross_val_scores(X, Y, groups, eligible, seed=config.SEED + r))
            print(f"<!-- seed {config.SEED + r} done -->", file=sys.stderr, flush=True)
        out.append(np.load(f))
    return est, X, Y, np.stack(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=12)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/nip-threshold-stability"))
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = ap.parse_args()
    est, X, Y, oof = oof_per_seed(args.corpus, args.seeds, args.cache)
    print(f"Corpus `{corpus_hash(args.corpus)}`, {len(X)} training passages, {args.seeds} fold seeds.\n")
    print("| plateau δ | pooled R | groups | " + " | ".join(COMMITMENT_IDS) + " | mean |")
    print("|---:|---:|---:|" + "---:|" * (len(COMMITMENT_IDS) + 1))
    for delta in PLATEAUS:
        est.set_params(threshold_plateau=delta)
        for R in (r for r in range(1, args.seeds // 2 + 1) if args.seeds % r == 0):
            cuts = np.array([est.tune_thresholds(X, Y, oof[g * R:(g + 1) * R]) for g in range(args.seeds // R)])
            diffs = np.array([np.abs(a - b) for a, b in itertools.combinations(cuts, 2)])
            cells = [f"{m:.3f} / {x:.3f}" for m, x in zip(diffs.mean(axis=0), diffs.max(axis=0))]
            print(f"| {delta} | {R} | {len(cuts)} | " + " | ".join(cells) + f" | {diffs.mean():.3f} |")
    print("\nCells: mean / largest absolute difference of a commitment's cut-off between two disjoint groups "
          "of R fold seeds. δ 0: the grid point of best F1; δ > 0: the median of the points within δ of it.")
    est.set_params(threshold_plateau=config.THRESHOLD_PLATEAU)
    print(f"\nCut-offs per seed (R = 1, δ = {config.THRESHOLD_PLATEAU}):\n")
    for r in range(args.seeds):
        t = est.tune_thresholds(X, Y, oof[r])
        print(f"- seed {config.SEED + r}: " + ", ".join(f"{k} {v:.3f}" for k, v in zip(COMMITMENT_IDS, t)))


if __name__ == "__main__":
    main()
