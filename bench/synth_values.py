"""Seeded generators of Japanese structured PII values, each with its written variants.

Every value comes back with a short format tag so the error report can say *which* written
form a recognizer misses (full-width, +81, spaced groups ...).
"""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers
from faker import Faker

from bench.check_digits import corporate_digit, luhn_ok, my_number_digit

_FW = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))}
_FW[" "] = "\u3000"
REFERENCE_DAY = dt.date(2025, 1, 1)  # "today" for ages, so runs are reproducible

# (era, first day); 元年 is the first year of each era.
_ERAS = (
    ("令和", dt.date(2019, 5, 1)),
    ("平成", dt.date(1989, 1, 8)),
    ("昭和", dt.date(1926, 12, 25)),
    ("大正", dt.date(1912, 7, 30)),
    ("明治", dt.date(1868, 1, 25)),
)


def fullwidth(text: str) -> str:
    return "".join(_FW.get(c, c) for c in text)


def wareki(day: dt.date) -> str:
    for era, first in _ERAS:
        if day >= first:
            year = day.year - first.year + 1
            return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    raise ValueError(f"{day} is before the Meiji era")


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


class Values:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fk = Faker("ja_JP")
        self.fk.seed_instance(seed)

    def _pick(self, forms: list[tuple[str, str]]) -> tuple[str, str]:
        return self.rng.choice(forms)

    def phone(self) -> tuple[str, str]:
        r = self.rng
        while True:
            kind = r.choice(["mobile", "mobile", "tokyo", "osaka", "area3", "free", "ip"])
            a, b = digits(r, 4), digits(r, 4)
            if kind == "mobile":
                p = r.choice(["090", "080", "070"])
                forms = [(f"{p}-{a}-{b}", "hyphen"), (f"{p}{a}{b}", "bare")]
                forms += [(f"+81-{p[1:]}-{a}-{b}", "+81"), (f"{p}({a}){b}", "paren")]
            elif kind in ("tokyo", "osaka"):
                p = "03" if kind == "tokyo" else "06"
                forms = [(f"{p}-{a}-{b}", "hyphen"), (f"({p}){a}-{b}", "paren")]
                forms += [(f"+81 {p[1:]}-{a}-{b}", "+81"), (f"{p}{a}{b}", "bare")]
            elif kind == "area3":
                p = r.choice(["045", "052", "011", "092", "075", "078", "022"])
                forms = [(f"{p}-{a[:3]}-{b}", "hyphen"), (f"{p}({a[:3]}){b}", "paren")]
            elif kind == "free":
                forms = [(f"0120-{a[:3]}-{b[:3]}", "0120"), (f"0800-{a[:3]}-{b}", "0800")]
            else:
                forms = [(f"050-{a}-{b}", "050")]
            value, tag = self._pick(forms)
            if phonenumbers.is_valid_number(phonenumbers.parse(value, "JP")):
                return value, f"{kind}/{tag}"

    def email(self) -> tuple[str, str]:
        r, fk = self.rng, self.fk
        domain = r.choice(["example.co.jp", "mail.example.ne.jp", "example.jp", "example.com"])
        forms = [
            (fk.email(), "faker"),
            (f"{fk.user_name()}@{domain}", "jp-domain"),
            (f"{fk.user_name()}.{r.randint(1, 99)}+info@{domain}", "dot-plus"),
        ]
        return self._pick(forms)

    def postal(self) -> tuple[str, str]:
        code = self.fk.postcode()
        return self._pick([(code, "hyphen"), (code.replace("-", ""), "bare")])

    def my_number(self) -> tuple[str, str]:
        base = digits(self.rng, 11)
        n = f"{base}{my_number_digit(base)}"
        forms = [
            (n, "bare"),
            (f"{n[:4]} {n[4:8]} {n[8:]}", "spaced"),
            (f"{n[:4]}-{n[4:8]}-{n[8:]}", "hyphen"),
        ]
        return self._pick(forms)

    def corporate(self) -> tuple[str, str]:
        base = digits(self.rng, 12)
        return f"{corporate_digit(base)}{base}", "bare"

    def credit_card(self) -> tuple[str, str]:
        # Faker also makes 12-digit Maestro numbers; cards are 13-19 digits in the spec.
        while True:
            n = self.fk.credit_card_number()
            if 13 <= len(n) <= 19:
                break
        forms = [(n, "bare")]
        if len(n) == 16:
            groups = [n[i : i + 4] for i in range(0, 16, 4)]
            forms += [(" ".join(groups), "spaced"), ("-".join(groups), "hyphen")]
        return self._pick(forms)

    def bank_account(self) -> tuple[str, str]:
        return digits(self.rng, 7), "7digits"

    def passport(self) -> tuple[str, str]:
        r = self.rng
        return r.choice(["TK", "TR", "MZ", "TZ", "TH"]) + digits(r, 7), "2L7D"

    def driver_license(self) -> tuple[str, str]:
        return digits(self.rng, 12), "12digits"

    def birth_date(self) -> tuple[str, str, int]:
        """(written date, format tag, age on REFERENCE_DAY)."""
        r = self.rng
        if r.random() < 0.15:  # make sure 元年 dates occur
            day = r.choice(
                [dt.date(1989, r.randint(2, 12), 10), dt.date(2019, r.randint(5, 12), 3)]
            )
        else:
            day = self.fk.date_of_birth(minimum_age=1, maximum_age=95)
        age = (
            REFERENCE_DAY.year
            - day.year
            - ((REFERENCE_DAY.month, REFERENCE_DAY.day) < (day.month, day.day))
        )
        forms = [
            (f"{day.year}年{day.month}月{day.day}日", "seireki"),
            (f"{day.year}年{day.month:02d}月{day.day:02d}日", "seireki-0"),
            (f"{day.year}/{day.month}/{day.day}", "slash"),
            (f"{day.year}-{day.month:02d}-{day.day:02d}", "iso"),
            (wareki(day), "wareki"),
            (wareki(day), "wareki"),
        ]
        value, tag = self._pick(forms)
        return value, tag, age

    def person(self) -> tuple[str, str]:
        last, first = self.fk.last_name(), self.fk.first_name()
        return self._pick(
            [
                (last + first, "joined"),
                (f"{last} {first}", "space"),
                (f"{last}\u3000{first}", "ideo-space"),
            ]
        )

    # --- values that must NOT be recognised -----------------------------------------------

    def bad_my_number(self) -> str:
        base = digits(self.rng, 11)
        return base + str((my_number_digit(base) + self.rng.randint(1, 9)) % 10)

    def bad_corporate(self) -> str:
        base = digits(self.rng, 12)
        return str((corporate_digit(base) + self.rng.randint(1, 9)) % 10) + base

    def bad_luhn(self) -> str:
        while True:
            n = "4" + digits(self.rng, 15)
            if not luhn_ok(n):
                return n
