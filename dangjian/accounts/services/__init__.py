"""Every state change of the accounts app (ARCHITECTURE.md pattern 1): the second factor and
password change (auth), API tokens (tokens). Callers import from this package; the modules are
split by topic only."""

from dangjian.accounts.services.auth import (
    ENROLMENT_DEVICE_NAME,
    OtpResult,
    base32_secret,
    change_password,
    check_code,
    confirmed_device_of,
    totp_device_for,
    verify_second_factor,
)
from dangjian.accounts.services.tokens import Issued, issue_api_token, revoke_api_token

__all__ = [
    "ENROLMENT_DEVICE_NAME", "Issued", "OtpResult", "base32_secret", "change_password", "check_code",
    "confirmed_device_of", "issue_api_token", "revoke_api_token", "totp_device_for", "verify_second_factor",
]
