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
    # (migration-angle gate by section, sentence windows) 9 %.
    assert (spd.labels != "").mean() <= 0.15


def test_the_integration_pages_of_a_real_programme_are_found(spd):
    # ../shared/pdfs/README.md names the pages with integration passages. v2 finds 4 of
    # the 6; it misses two declarations of intent (page 20: "Migrantinnen und Migranten
    # gehören dazu … wir werden uns einsetzen"; page 29: intercultural dialogue as a field
    # of integration work) whose scores stay under the thresholds. v1 found all six while
    # labelling a quarter of the programme.
    pages = {9, 13, 15, 20, 29, 33}
    hit = set(spd[spd.labels != ""].page) & pages
    assert len(hit) >= 4, sorted(hit)
