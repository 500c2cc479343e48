"""Regex/checksum recognizers for the NFKC-normalised page text.

`default_recognizers(language)` builds a fresh list per call (no shared mutable state, so the
list can be built inside each worker process); `recognizer_catalog()` describes them for
`GET /v1/entities`.
"""

from __future__ import annotations

from typing import Any

from service.recognizers.address import AddressRecognizer
from service.recognizers.bank_account import BankAccountRecognizer
from service.recognizers.base import Recognizer, Span
from service.recognizers.credit_card import CreditCardRecognizer
from service.recognizers.dates import DateOfBirthRecognizer
from service.recognizers.email import EmailRecognizer
from service.recognizers.iban import IbanRecognizer
from service.recognizers.japan_ids import (
    DriverLicenseRecognizer,
    PassportRecognizer,
    PostalCodeRecognizer,
)
from service.recognizers.numbers import CorporateNumberRecognizer, MyNumberRecognizer
from service.recognizers.organization import OrganizationRecognizer
from service.recognizers.person_context import PersonContextRecognizer
from service.recognizers.phone import PhoneRecognizer
from service.recognizers.us_ssn import UsSsnRecognizer
from service.recognizers.web import IpAddressRecognizer, UrlRecognizer

__all__ = ["Recognizer", "Span", "default_recognizers", "recognizer_catalog"]

_LANGUAGES = {"ja": frozenset({"ja"}), "en": frozenset({"en"}), "auto": frozenset({"ja", "en"})}

_DESCRIPTIONS: dict[str, str] = {
    "phone": "Japanese and international phone numbers, validated with libphonenumber",
    "email": "E-mail addresses, also when glued to Japanese text",
    "jp_postal_code": "Japanese postal codes after 〒 or a 郵便番号 label",
    "jp_my_number": "12-digit 個人番号 (My Number) with a valid check digit",
    "jp_corporate_number": "13-digit 法人番号 with a valid check digit (also T+number invoices)",
    "jp_bank_account": "7-digit account numbers after 普通/当座/口座番号, with bank and branch",
    "jp_driver_license": "12-digit driver's licence numbers after a 運転免許 label",
    "jp_passport": "Passport numbers (two letters + seven digits) after a 旅券/パスポート label",
    "date_of_birth": "Valid dates (西暦, 和暦, English) labelled as a date of birth",
    "credit_card": "Payment card numbers: Luhn check and known issuer prefix",
    "ip_address": "IPv4 and IPv6 addresses",
    "url": "http(s):// and www. URLs",
    "iban": "IBANs checked by country length and mod-97",
    "us_ssn": "US social security numbers with never-issued ranges rejected",
    "organization_legal_form": "Organisation names with a legal form (株式会社, 社団法人, Inc.)",
    "jp_address": "Japanese addresses from the prefecture (or after 住所) to the room number",
    "person_context": "Person names after a name label or before an honorific (様, さん)",
}


def _all_recognizers(language: str) -> list[Recognizer]:
    # English text may quote US numbers; Japanese text almost never does, and trying the US plan
    # there would only add false positives.
    phone_regions = ("JP",) if language == "ja" else ("JP", "US")
    return [
        PhoneRecognizer(phone_regions),
        EmailRecognizer(),
        PostalCodeRecognizer(),
        MyNumberRecognizer(),
        CorporateNumberRecognizer(),
        BankAccountRecognizer(),
        DriverLicenseRecognizer(),
        PassportRecognizer(),
        DateOfBirthRecognizer(),
        CreditCardRecognizer(),
        IpAddressRecognizer(),
        UrlRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
        OrganizationRecognizer(),
        AddressRecognizer(),
        PersonContextRecognizer(),
    ]


def default_recognizers(language: str) -> list[Recognizer]:
    """Fresh recognizer instances for "ja", "en" or "auto" (both)."""
    wanted = _LANGUAGES.get(language)
    if wanted is None:
        raise ValueError(f"language must be ja, en or auto, not {language!r}")
    return [r for r in _all_recognizers(language) if r.languages & wanted]


def recognizer_catalog() -> list[dict[str, Any]]:
    """One entry per recognizer: name, entities, languages, description (for GET /v1/entities)."""
    return [
        {
            "name": r.name,
            "entities": sorted(r.entities),
            "languages": sorted(r.languages),
            "description": _DESCRIPTIONS[r.name],
        }
        for r in _all_recognizers("auto")
    ]
