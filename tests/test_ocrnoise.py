from nip_nlp.model.ocrnoise import damage

TEXT = "Die Maßnahmen für Bürgerinnen und Bürger in den Ländern werden öffentlich überprüft."


def test_damage_misreads_umlauts_and_eszett_like_a_scan():
    d = damage(TEXT, rate=1.0, seed=1)
    assert "ß" not in d and "ü" not in d and "ö" not in d and "ä" not in d
    assert d != TEXT


def test_damage_is_deterministic_per_seed_and_zero_rate_is_identity():
    assert damage(TEXT, seed=3) == damage(TEXT, seed=3)
    assert damage(TEXT, rate=0.0) == TEXT
