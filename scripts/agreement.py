"""Agreement between the real-text set's labels and an independent second annotation.

    python scripts/agreement.py [corpus/realtext/agreement/second_annotator.jsonl]

The second annotator labelled the passages of ``corpus/realtext/`` from the guidelines,
the text, its title and section alone (not the first labels, notes or any model). Prints
per-commitment and macro F1 with the first annotation as reference (F1 is symmetric per
commitment, so the macro figure does not depend on which is called the reference), and
the share of passages on which both agree whether any commitment is addressed. It is the
ceiling a model can be expected to approach on this set.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.metrics import f1_score  # noqa: E402

from nip_nlp.catalog import COMMITMENT_IDS, label_matrix  # noqa: E402
from nip_nlp.errors import CorpusError  # noqa: E402
from nip_nlp.jsonl import read_jsonl  # noqa: E402
from nip_nlp.model.evaluation import load_split  # noqa: E402


def main(path: Path) -> None:
    first = load_split("realtext")
    second = {rec["id"]: rec["labels"] for _, _, rec in read_jsonl(path, CorpusError, ("id", "labels"))}
    missing = set(first["id"]) - set(second)
    if missing:
        raise SystemExit(f"{len(missing)} passages have no second label, e.g. {sorted(missing)[:3]}")
    A = label_matrix(first["labels"])
    B = label_matrix([second[i] for i in first["id"]])
    per = f1_score(A, B, average=None, zero_division=0)
    print(f"passages {len(first)}; macro F1 {f1_score(A, B, average='macro', zero_division=0):.3f}; "
          f"micro F1 {f1_score(A, B, average='micro', zero_division=0):.3f}; agree on 'any commitment': "
          f"{((A.sum(1) > 0) == (B.sum(1) > 0)).mean():.3f}")
    print("  ".join(f"{k} {f:.2f}" for k, f in zip(COMMITMENT_IDS, per)))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else
         Path(__file__).resolve().parents[1] / "corpus" / "realtext" / "agreement" / "second_annotator.jsonl")
