"""A person's ID number and phone on a model, stored the one way QUALITY.md allows: ciphertext,
a keyed blind index (ID number only, for lookups) and a mask — never plaintext.

Party members and staff (and whoever comes next) keep the same five columns; the model names the
kind of record in PERSONAL_DATA_AAD ("member", "staff"), which becomes part of each ciphertext's
associated data, so a value copied from one kind of record or field to another does not decrypt.
"""

from __future__ import annotations

from dangjian.core import crypto
from dangjian.core.validators import mask_id_number, mask_phone


class PersonalData:
    """Mixed into a model with id_number_encrypted / _index / _masked and phone_encrypted / _masked."""

    PERSONAL_DATA_AAD: str
    id_number_encrypted: str
    id_number_index: str
    id_number_masked: str
    phone_encrypted: str
    phone_masked: str

    def set_id_number(self, number: str) -> None:
        """Store a validated ID number: ciphertext, blind index and mask — never plaintext."""
        self.id_number_encrypted = crypto.encrypt(number, aad=f"{self.PERSONAL_DATA_AAD}.id_number")
        self.id_number_index = crypto.blind_index(number)
        self.id_number_masked = mask_id_number(number)

    def get_id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted, aad=f"{self.PERSONAL_DATA_AAD}.id_number")

    def set_phone(self, phone: str) -> None:
        self.phone_encrypted = crypto.encrypt(phone, aad=f"{self.PERSONAL_DATA_AAD}.phone") if phone else ""
        self.phone_masked = mask_phone(phone)

    def get_phone(self) -> str:
        if not self.phone_encrypted:
            return ""
        return crypto.decrypt(self.phone_encrypted, aad=f"{self.PERSONAL_DATA_AAD}.phone")
