from nip_nlp.catalog import COMMITMENT_IDS, commitments_frame, label_matrix, label_strings, load_commitments


def test_ten_commitments_with_labels_and_descriptions_in_both_languages():
    cs = load_commitments()
    assert [c.id for c in cs] == list(COMMITMENT_IDS) == [f"K{i}" for i in range(1, 11)]
    for c in cs:
        assert c.label_de and c.label_en and c.description_de and c.description_en and c.keywords
    assert "Ökonomie" in cs[7].label_de and "extremism" in cs[8].label_en.lower()
    assert list(commitments_frame().columns[:3]) == ["id", "label_de", "label_en"]


def test_label_lists_and_the_assignment_matrix_convert_both_ways():
    lists = [["K1", "K10"], [], ["K5"], ["K5", "K5"]]
    m = label_matrix(lists)
    assert m.shape == (4, 10) and m.dtype.kind == "i"
    assert m[0].tolist() == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1] and m[1].sum() == 0 and m[3].tolist() == m[2].tolist()
    assert label_strings(m) == ["K1;K10", "", "K5", "K5"]
    assert label_strings(m.astype(bool)) == label_strings(m)
    assert label_matrix([]).shape == (0, 10)
