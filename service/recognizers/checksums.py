"""Check-digit algorithms for the numbered identifiers (pure functions, digits as str)."""

from __future__ import annotations


def my_number_check_digit(base11: str) -> int:
    """Check digit of a 12-digit 個人番号 from its first 11 digits.

    Per the ordinance (総務省令 第85号 第5条): number the 11 base digits n = 1..11 from the right;
    weight q_n = n + 1 for n <= 6, n - 5 for n >= 7 (i.e. 2..7 then 2..6). With r = sum mod 11,
    the check digit is 0 when r <= 1, else 11 - r.
    """
    if len(base11) != 11 or not base11.isdigit():
        raise ValueError("need exactly 11 digits")
    total = 0
    for n, ch in enumerate(reversed(base11), start=1):
        weight = n + 1 if n <= 6 else n - 5
        total += int(ch) * weight
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def is_valid_my_number(digits: str) -> bool:
    return (
        len(digits) == 12
        and digits.isdigit()
        and my_number_check_digit(digits[:11]) == int(digits[11])
    )


def corporate_check_digit(base12: str) -> int:
    """Leading check digit of a 13-digit 法人番号 from its 12 base digits (NTA spec).

    Number the base digits n = 1..12 from the right; odd n weigh 1, even n weigh 2; the check
    digit is 9 - (sum mod 9).
    """
    if len(base12) != 12 or not base12.isdigit():
        raise ValueError("need exactly 12 digits")
    total = sum(int(ch) * (1 if n % 2 else 2) for n, ch in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def is_valid_corporate_number(digits: str) -> bool:
    return (
        len(digits) == 13
        and digits.isdigit()
        and corporate_check_digit(digits[1:]) == int(digits[0])
    )


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_mod97_ok(iban: str) -> bool:
    """ISO 13616 check: move the first four chars to the end, letters -> 10..35, mod 97 == 1."""
    if not iban.isascii() or not iban.isalnum():
        return False
    rearranged = (iban[4:] + iban[:4]).upper()
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(numeric) % 97 == 1
