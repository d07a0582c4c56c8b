"""Authenticated encryption of personal data and keyed blind indexes (QUALITY.md item 13).

One small interface: `encrypt(text) -> str`, `decrypt(token) -> str`, `blind_index(text) -> str`.
SM4-GCM (GB/T 32907) is used where this OpenSSL build has it and passes the RFC 8998 known-answer
test at start-up; otherwise AES-256-GCM. Each token starts with the algorithm's tag, so a
database may hold both and a key rotation can re-encrypt lazily.

Sub-keys are derived from DANGJIAN_ENCRYPTION_KEY with HKDF, one per purpose, so the blind
index key cannot decrypt and the audit chain key cannot forge an index.
"""

import base64
import functools
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_SM4 = "s1"
_AES = "a1"


class DecryptionError(Exception):
    pass


KEY_BYTES = 32


def _decode_key(value: str) -> bytes:
    """The master key from its base64 text, strictly: a stray character is an error, not
    silently dropped (b64decode's default), so a mistyped key is caught, not half-used."""
    try:
        return base64.b64decode(value.strip(), validate=True)
    except ValueError as exc:  # binascii.Error is a ValueError
        raise ValueError("DANGJIAN_ENCRYPTION_KEY 不是有效的 base64 文本 (not valid base64)") from exc


def encryption_key_problem(value: str) -> str | None:
    """What is wrong with a DANGJIAN_ENCRYPTION_KEY value, said for the operator in Chinese and
    English, or None. The settings call it at start-up (QUALITY.md item 20): a production
    instance with a short key must refuse to start, not fail at the first ID number."""
    try:
        raw = _decode_key(value)
    except ValueError as exc:
        return f"{exc}；请用 `openssl rand -base64 {KEY_BYTES}` 生成"
    if len(raw) < KEY_BYTES:
        return (f"DANGJIAN_ENCRYPTION_KEY 解码后只有 {len(raw)} 字节，至少需要 {KEY_BYTES} 字节 "
                f"(decodes to {len(raw)} bytes, needs at least {KEY_BYTES})；请用 `openssl rand -base64 {KEY_BYTES}` 生成")
    return None


@functools.cache
def _master_key() -> bytes:
    problem = encryption_key_problem(settings.ENCRYPTION_KEY)
    if problem:
        raise ValueError(problem)
    return _decode_key(settings.ENCRYPTION_KEY)


@functools.cache
def derive_key(purpose: str, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=f"dangjian:{purpose}".encode()).derive(
        _master_key()
    )


def _sm4_gcm_encrypt(key: bytes, nonce: bytes, data: bytes, aad: bytes) -> bytes:
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    enc.authenticate_additional_data(aad)
    return enc.update(data) + enc.finalize() + enc.tag


def _sm4_gcm_decrypt(key: bytes, nonce: bytes, data: bytes, aad: bytes) -> bytes:
    ciphertext, tag = data[:-16], data[-16:]
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    dec.authenticate_additional_data(aad)
    return dec.update(ciphertext) + dec.finalize()


@functools.cache
def sm4_available() -> bool:
    """RFC 8998 appendix A.1 known-answer test; False if the build lacks SM4 or gets it wrong."""
    try:
        out = _sm4_gcm_encrypt(
            bytes.fromhex("0123456789ABCDEFFEDCBA9876543210"),
            bytes.fromhex("00001234567800000000ABCD"),
            bytes.fromhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                          "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"),
            bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2"),
        )
    except Exception:  # noqa: BLE001 - any failure means "not usable here"
        return False
    expected = (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
        "83DE3541E4C2B58177E065A9BF7B62EC"
    )
    return out.hex().upper() == expected


def encrypt(plaintext: str, *, aad: str = "") -> str:
    nonce = os.urandom(12)
    data, extra = plaintext.encode(), aad.encode()
    if sm4_available():
        tag, body = _SM4, _sm4_gcm_encrypt(derive_key("sm4", 16), nonce, data, extra)
    else:
        tag, body = _AES, AESGCM(derive_key("aes")).encrypt(nonce, data, extra)
    return tag + ":" + base64.urlsafe_b64encode(nonce + body).decode()


def decrypt(token: str, *, aad: str = "") -> str:
    try:
        tag, b64 = token.split(":", 1)
        raw = base64.urlsafe_b64decode(b64)
        nonce, body = raw[:12], raw[12:]
        if tag == _SM4:
            return _sm4_gcm_decrypt(derive_key("sm4", 16), nonce, body, aad.encode()).decode()
        if tag == _AES:
            return AESGCM(derive_key("aes")).decrypt(nonce, body, aad.encode()).decode()
    except Exception as exc:  # noqa: BLE001 - wrong key, tampered data or bad format
        raise DecryptionError("无法解密（密钥不符或数据被篡改）") from exc
    raise DecryptionError(f"未知的加密算法标记 {tag!r}")


def blind_index(value: str, *, purpose: str = "id_number") -> str:
    """Keyed HMAC of a normalised value: equal inputs match, nothing can be read back."""
    normalised = value.strip().upper()
    return hmac.new(derive_key(f"index:{purpose}"), normalised.encode(), hashlib.sha256).hexdigest()
