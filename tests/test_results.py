"""results: a document's result as plain data (what workers send and the cache stores)."""

import numpy as np
import pandas as pd

from nip_nlp.results import PASSAGE_COLUMNS, DocumentResult, split_frame


def _frames() -> list[pd.DataFrame]:
    strings = pd.DataFrame({"document": ["a.pdf", "ä ö.pdf", "b.pdf"], "passage": [0, 1, 2], "page": [1, 1, 3],
                            "text": ["=1+1", "Zeile\nzwei", ""], "score": [0.0, 1e-05, 0.1234],
                            "labels": pd.Series(["K1", "", "K1;K10"], dtype=object), "flag": [True, False, True]})
    missing = pd.DataFrame({"speaker": ["A", None, np.nan], "count": pd.array([1, None, 3], dtype="Int64"),
                            "x": [1.5, np.nan, 2.0]})
    mixed = pd.DataFrame({"cell": ["text", 3, 2.5]}, dtype=object)
    empty = pd.DataFrame(columns=PASSAGE_COLUMNS)
    return [strings, missing, mixed, empty, strings.astype({"text": "str"})]


def test_split_gives_what_pandas_to_dict_split_gives():
    """split_frame builds the split dict column by column (tolist); every kind of column a result
    holds, and the ones it falls back on pandas for, must give pandas' own dict."""
    for df in _frames():
        got, expected = split_frame(df), df.to_dict(orient="split", index=False)
        assert got["columns"] == expected["columns"]
        assert len(got["data"]) == len(expected["data"])
        for a, b in zip(got["data"], expected["data"]):
            assert [type(x) for x in a] == [type(x) for x in b]
            assert all(x == y or (x != x and y != y) or (x is pd.NA and y is pd.NA) for x, y in zip(a, b))


def test_a_light_result_goes_through_json_without_passages_and_evidence():
    ev = pd.DataFrame({"document": ["a.pdf"], "commitment": ["K1"], "rank": [1]})
    r = DocumentResult({"document": "a.pdf", "status": "ok"}, pd.DataFrame(columns=PASSAGE_COLUMNS), ev, {}, 0.5)
    light = DocumentResult.from_json(r.light().to_json())
    assert light.passages is None and light.evidence is None and light.seconds == 0.5
    assert light.renamed("b.pdf").row["document"] == "b.pdf"
    full = DocumentResult.from_json(r.to_json())
    assert list(full.passages.columns) == PASSAGE_COLUMNS and len(full.passages) == 0 and full.evidence.equals(ev)
