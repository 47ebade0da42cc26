"""The shipped model on real municipal policy text it has never seen (../shared/pdfs; the
tests skip where that folder is absent). Guards against the failure that matters most on
real archives: a matrix filled with passages that merely share vocabulary."""

from __future__ import annotations

import shutil

import pytest

import nip_nlp


@pytest.fixture(scope="module")
def spd(shared_pdfs, tmp_path_factory):
    d = tmp_path_factory.mktemp("real")
    shutil.copy(shared_pdfs / "muenster_spd_kommunalwahl_2014.pdf", d)
    return nip_nlp.analyze(d, workers=1).passages


def test_most_passages_of_a_real_programme_address_no_commitment(spd):
    # An election programme is all policy, yet most of it (schools, roads, culture in
    # general) is not an integration commitment. Measured: model v1 labelled 25 %, v2
    # (migration-angle gate by section, sentence windows) 9 %, v3 8 %.
    assert (spd.labels != "").mean() <= 0.15


def test_the_integration_pages_of_a_real_programme_are_found(spd):
    # ../shared/pdfs/README.md names pages 9, 13, 15, 20, 29 and 33 as having integration
    # passages. Page 15's is labour-market integration of all long-term unemployed, which
    # the annotation rule (corpus/GUIDELINES.md: integration of immigrants) labels none,
    # like "Integration in Arbeit" of SGB II clients in corpus/realtext; v2 labelled it
    # K6, v3 does not. Of the other five, v2 and v3 find 9 (recognition of foreign school
    # and vocational qualifications), 13 (housing for migrants and refugees) and 33
    # (intercultural competence courses); both miss two declarations of intent (page 20:
    # "Migrantinnen und Migranten gehören dazu … wir werden uns einsetzen"; page 29:
    # intercultural dialogue as a field of integration work) whose scores stay low.
    pages = {9, 13, 20, 29, 33}
    hit = set(spd[spd.labels != ""].page) & pages
    assert len(hit) >= 3, sorted(hit)
