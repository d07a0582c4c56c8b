import pytest

from dangjian.core import crypto


def test_sm4_gcm_passes_the_rfc_8998_known_answer_test_on_this_build():
    assert crypto.sm4_available()


def test_an_id_number_round_trips_and_the_ciphertext_does_not_contain_it():
    token = crypto.encrypt("110105198503010013", aad="member.id_number")
    assert "110105198503010013" not in token
    assert crypto.decrypt(token, aad="member.id_number") == "110105198503010013"


def test_the_same_number_encrypts_differently_each_time_but_indexes_the_same():
    assert crypto.encrypt("110105198503010013") != crypto.encrypt("110105198503010013")
    assert crypto.blind_index("110105198503010013") == crypto.blind_index(" 110105198503010013 ")


def test_tampered_ciphertext_or_a_different_context_is_refused():
    token = crypto.encrypt("110105198503010013", aad="member.id_number")
    tampered = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, aad="member.id_number")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, aad="other.field")


def test_aes_gcm_tokens_remain_readable_when_sm4_is_unavailable(monkeypatch):
    monkeypatch.setattr(crypto, "sm4_available", lambda: False)
    token = crypto.encrypt("110105198503010013")
    assert token.startswith("a1:")
    assert crypto.decrypt(token) == "110105198503010013"
