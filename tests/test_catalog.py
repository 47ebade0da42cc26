from nip_nlp.catalog import COMMITMENT_IDS, commitments_frame, load_commitments


def test_ten_commitments_with_labels_and_descriptions_in_both_languages():
    cs = load_commitments()
    assert [c.id for c in cs] == list(COMMITMENT_IDS) == [f"K{i}" for i in range(1, 11)]
    for c in cs:
        assert c.label_de and c.label_en and c.description_de and c.description_en and c.keywords
    assert "Ökonomie" in cs[7].label_de and "extremism" in cs[8].label_en.lower()
    assert list(commitments_frame().columns[:3]) == ["id", "label_de", "label_en"]
