"""Print a fixed test split of the corpus: document ids, one per line.

    python scripts/make_split.py > corpus/splits/test_docs.txt

Whole documents go to the test split (never single passages: passages of one document
share wording). Documents already in the split stay; new ones are taken in a seeded random
order until about 20 % of the passages are in the test split, then further documents are added for any commitment with
fewer than 20 % of its positives there. Run once when the corpus grows; the split is
source, committed with the corpus, and never used for training or tuning.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nip_nlp.catalog import COMMITMENT_IDS  # noqa: E402
from nip_nlp.config import SEED, default_corpus_dir  # noqa: E402
from nip_nlp.model.corpus import load_corpus, read_test_docs  # noqa: E402


def main(share: float = 0.2) -> None:
    df = load_corpus(default_corpus_dir())
    # A document once in the test split stays there (figures stay comparable across corpus
    # rounds and no model was ever tuned on it); new documents are drawn from the rest.
    chosen: list[str] = sorted(read_test_docs(default_corpus_dir()) & set(df.doc))
    docs = sorted(set(df.doc.unique()) - set(chosen))
    random.Random(SEED).shuffle(docs)
    size = df.groupby("doc").size()
    n = int(size[chosen].sum()) if chosen else 0
    for d in docs:
        if n >= share * len(df):
            break
        chosen.append(d)
        n += size[d]
    pos = {k: df[df.labels.apply(lambda ls, k=k: k in ls)] for k in COMMITMENT_IDS}
    for k, sub in pos.items():
        for d in docs:
            if (sub.doc.isin(chosen)).sum() >= share * len(sub):
                break
            if d not in chosen and d in set(sub.doc):
                chosen.append(d)
    print("\n".join(sorted(chosen)))


if __name__ == "__main__":
    main()
