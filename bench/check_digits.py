"""Check digits for the generated identifiers, written independently of the service's own.

The evaluation must not share code with what it measures: a bug in the recognizers' checksum
would otherwise be copied into the gold data and hide itself.
"""

from __future__ import annotations


def my_number_digit(base: str) -> int:
    """個人番号 check digit for 11 base digits (総務省令第85号 第5条).

    Digits are numbered 1..11 from the right; weights 2..7 for positions 1..6 and 2..6 for
    positions 7..11. A remainder (mod 11) of 0 or 1 gives 0, otherwise 11 - remainder.
    """
    assert len(base) == 11 and base.isdigit(), base
    weights = [2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6]
    total = sum(int(d) * w for d, w in zip(reversed(base), weights, strict=True))
    rem = total % 11
    return 0 if rem <= 1 else 11 - rem


def corporate_digit(base: str) -> int:
    """法人番号 leading check digit for 12 base digits (国税庁 法人番号の指定等に関する省令).

    Positions 1..12 from the right weigh 1 (odd) and 2 (even); digit = 9 - (sum mod 9).
    """
    assert len(base) == 12 and base.isdigit(), base
    total = sum(int(d) * (2 if i % 2 else 1) for i, d in enumerate(reversed(base)))
    return 9 - total % 9


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def valid_my_number(digits: str) -> bool:
    return (
        len(digits) == 12 and digits.isdigit() and my_number_digit(digits[:11]) == int(digits[11])
    )


def valid_corporate(digits: str) -> bool:
    return len(digits) == 13 and digits.isdigit() and corporate_digit(digits[1:]) == int(digits[0])
