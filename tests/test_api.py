"""The Python API mirrors the CLI and returns the same tables."""

from __future__ import annotations

import pandas as pd
import pytest

import nip_nlp

from .conftest import SAMPLE


@pytest.fixture(scope="module")
def result():
    return nip_nlp.analyze(SAMPLE)


def test_analyze_returns_dataframes_with_passages_in_memory(result):
    assert isinstance(result.documents, pd.DataFrame)
    assert len(result.documents) == 2 and len(result.passages) > 20
    assert result.passages.page.min() == 1
    assert set(result.tables()) >= {"documents", "passages", "coverage", "evidence", "coverage_share"}


def test_minutes_are_segmented_by_agenda_item_with_meeting_metadata(result):
    docs = result.documents.set_index("document")
    m = docs.loc["niederschrift_rat_birkenau.pdf"]
    assert m.doc_type == "minutes" and m.meeting_date == "2024-03-14" and m.body == "Rat"
    assert m.municipality == "Stadt Birkenau am See"
    assert docs.loc["integrationskonzept_birkenau.pdf", "doc_type"] == "concept"
    sections = result.passages[result.passages.document == "niederschrift_rat_birkenau.pdf"].section
    items = {s.split(":")[0] for s in sections if s.startswith("TOP")}
    assert items == {f"TOP {i}" for i in range(1, 10)}


def test_user_metadata_overrides_guesses(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text("file,municipality,year,land\nintegrationskonzept_birkenau.pdf,Birkenau,2023,Hessen\n", "utf-8")
    r = nip_nlp.analyze(SAMPLE, metadata=meta)
    docs = r.documents.set_index("document")
    assert docs.loc["integrationskonzept_birkenau.pdf", "municipality"] == "Birkenau"
    assert docs.loc["integrationskonzept_birkenau.pdf", "land"] == "Hessen"
    assert docs.loc["niederschrift_rat_birkenau.pdf", "municipality"] == "Stadt Birkenau am See"


def test_classify_returns_scores_and_labels():
    df = nip_nlp.classify(["Im Stadtteil Seewiesen organisiert das Quartiersmanagement ein Begegnungscafé für "
                               "geflüchtete und alteingesessene Nachbarn.",
                           "Die Straßenbeleuchtung in der Lindenallee wird auf LED umgestellt."])
    assert list(df.id) == [1, 2]
    assert "K7" in df.labels[0].split(";") and df.labels[1] == ""


def test_heatmap_renders_html(result):
    html = result.heatmap().to_html()
    assert "background-color" in html and "K10" in html
