"""Metadata for aggregation: found in the text, file name or PDF info, overridden by the
user's CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from nip_nlp.metadata import (
    apply_user_metadata,
    document_metadata,
    first_date,
    guess_body,
    guess_municipality,
    guess_year,
    read_user_metadata,
)


@pytest.mark.parametrize("text, iso", [
    ("Niederschrift über die Sitzung am 14.03.2024 um 18 Uhr", "2024-03-14"),
    ("Sitzung vom 5. März 2019, öffentlicher Teil", "2019-03-05"),
    ("Stand: 3. Oktober 2020; beschlossen am 01.12.2020", "2020-10-03"),  # the first one wins
    ("kein Datum, nur 31.13.2020", ""),  # month 13 is no date
])
def test_first_date_is_iso(text, iso):
    assert first_date(text) == iso


@pytest.mark.parametrize("text, name", [
    ("Integrationskonzept der Stadt Birkenau am See 2023", "Stadt Birkenau am See"),
    ("Bericht des Landkreises Göttingen", "Landkreis Göttingen"),
    ("Stadtverwaltung Münster, Amt für Zuwanderung", "Stadt Münster"),
    ("Ein Text ohne Gebietskörperschaft", ""),
])
def test_municipality_is_named_with_its_kind(text, name):
    assert guess_municipality(text) == name


def test_year_of_a_concept_comes_from_its_title_before_a_date_in_the_text():
    assert guess_year("Stichtag 31.12.2019", "konzept.pdf", {}, title="Integrationskonzept 2021") == "2021"
    assert guess_year("Stichtag 31.12.2019", "konzept.pdf", {}) == "2019"
    assert guess_year("", "bericht_2017.pdf", {}) == "2017"
    assert guess_year("", "bericht.pdf", {"CreationDate": "D:20150102"}) == "2015"


def test_minutes_take_the_year_of_the_meeting_date():
    text = "Integrationsplan 2030: Sitzung am 14.03.2024"
    assert guess_year(text, "x.pdf", {}, doc_type="minutes") == "2024"


def test_body_drops_the_genitive():
    assert guess_body("Niederschrift über die Sitzung des Rates der Stadt Birkenau") == "Rat"
    assert guess_body("Sitzung des Kreistages vom 3. Mai 2022") == "Kreistag"
    assert guess_body("Tagesordnung") == ""


def test_document_metadata_fills_body_and_date_only_for_minutes():
    text = "Niederschrift über die Sitzung des Rates der Stadt Birkenau am 14.03.2024"
    minutes = document_metadata(text, "n.pdf", {}, "minutes")
    assert minutes == {"municipality": "Stadt Birkenau", "year": "2024", "body": "Rat", "meeting_date": "2024-03-14"}
    concept = document_metadata(text, "n.pdf", {}, "concept")
    assert concept["body"] == "" and concept["meeting_date"] == ""


def test_user_csv_overrides_by_relative_path_or_file_name_and_adds_columns(tmp_path):
    csv = tmp_path / "meta.csv"
    csv.write_text("file,municipality,year,land\nsub/a.pdf,Aheim,2020,Hessen\nb.pdf,,2021,Bayern\n", "utf-8")
    user = read_user_metadata(csv)
    docs = pd.DataFrame({"document": ["sub/a.pdf", "other/b.pdf", "c.pdf"], "municipality": ["X", "Y", "Z"],
                         "year": ["1999", "1999", "1999"]})
    out = apply_user_metadata(docs, user).set_index("document")
    assert out.loc["sub/a.pdf", ["municipality", "year", "land"]].tolist() == ["Aheim", "2020", "Hessen"]
    # b.pdf matched on its bare name; an empty cell keeps what was found
    assert out.loc["other/b.pdf", ["municipality", "year", "land"]].tolist() == ["Y", "2021", "Bayern"]
    assert out.loc["c.pdf", "municipality"] == "Z"
    assert docs.loc[0, "municipality"] == "X"  # the input frame is not modified


def test_user_csv_without_a_file_column_is_rejected(tmp_path):
    csv = tmp_path / "meta.csv"
    csv.write_text("name,year\na.pdf,2020\n", "utf-8")
    with pytest.raises(ValueError, match="'file' or 'document' column"):
        read_user_metadata(csv)
