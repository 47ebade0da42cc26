"""How the threshold-tuning settings trade precision for recall on real text.

    python scripts/threshold_variants.py [REAL_SET ...]   (default: corpus/realtext and ../shared/dev)

Fits the shipped design once on the corpus (as ``nip-nlp train`` does), then re-tunes the
per-commitment thresholds from the same out-of-fold training scores under each setting
(false-positive weight; all training passages or only those of at least 40 words) and
measures each on the real-text sets. Only the cut-offs differ between rows, so the table
isolates the tuning rule. Prints a Markdown table. A few minutes on 2 cores.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nip_nlp.model.evaluation import evaluate_frame, load_split  # noqa: E402
from nip_nlp.model.store import Model  # noqa: E402
from nip_nlp.model.training import fit_on_corpus  # noqa: E402

# (false-positive weight, minimum words of a tuning passage)
SETTINGS = [(1.0, 0), (0.75, 0), (0.5, 0), (1.0, 40), (0.5, 40)]


def main(real_sets: list[str]) -> None:
    est, split, _ = fit_on_corpus(ROOT / "corpus")
    X, Y = split.X, split.Y
    sets = {name: load_split(name, ROOT / "corpus") for name in real_sets}
    print("| FP weight | min words | set | macro F1 | macro P | macro R | none FP | doc none FP |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for weight, min_words in SETTINGS:
        est.set_params(threshold_negative_weight=weight, threshold_min_words=min_words)
        est.thresholds_ = est.tune_thresholds(X, Y, est.oof_scores_)
        model = Model(est, {}, ROOT)
        for name, df in sets.items():
            rep, extra = evaluate_frame(model, df)
            macro = rep.set_index("label").loc["macro"]
            print(f"| {weight} | {min_words} | {name} | {macro.f1:.3f} | {macro.precision:.3f} | {macro.recall:.3f} "
                  f"| {extra['none_fp_rate']:.3f} | {extra['doc_none_fp_rate']:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["realtext", str(ROOT.parent / "shared" / "dev")])
