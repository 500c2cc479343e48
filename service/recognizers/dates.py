"""DATE_OF_BIRTH: a valid calendar date that a birth keyword points at.

Dates are everywhere in documents (issue dates, deadlines), so a date is only a date of birth
when 生年月日/誕生日/DOB… precede it or 生/生まれ directly follows it; otherwise it is reported
far below the default threshold. Japanese era dates (和暦) are converted and checked against the
era's first and last day, so 平成元年1月7日 (still 昭和) is not a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from service.recognizers.base import Span
from service.recognizers.context import context_before, keywords, scored

# era -> (gregorian year of 元年, first day, last day or None while current)
_ERAS: dict[str, tuple[int, date, date | None]] = {
    "明治": (1868, date(1868, 1, 1), date(1912, 7, 29)),
    "大正": (1912, date(1912, 7, 30), date(1926, 12, 24)),
    "昭和": (1926, date(1926, 12, 25), date(1989, 1, 7)),
    "平成": (1989, date(1989, 1, 8), date(2019, 4, 30)),
    "令和": (2019, date(2019, 5, 1), None),
}
# First character of the match -> era ("S60.4.12" or "昭和60年…").
_ERA_BY_FIRST_CHAR = {
    "M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和",
    "明": "明治", "大": "大正", "昭": "昭和", "平": "平成", "令": "令和",
}  # fmt: skip
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# Every pattern starts with a plain character class (see charsets.py): a case-insensitive
# alternation up front would make sre try each position of the page.
_MONTH_RE = (
    r"[JFMASONDjfmasond](?<![A-Za-z].)(?i:an|eb|ar|pr|ay|un|ul|ug|ep|ct|ov|ec)(?<![A-Za-z]...)"
    r"[a-z]*\.?"
)

_WAREKI = re.compile(
    r"[明大昭平令MTSHR](?:(?<=明)治|(?<=大)正|(?<=[昭令])和|(?<=平)成|(?<=[MTSHR])(?<![A-Za-z].))"
    r" ?(?P<y>[0-9]{1,2}|元) ?(?:年|[./\-]) ?(?P<m>[0-9]{1,2}) ?(?:月|[./\-]) ?"
    r"(?P<d>[0-9]{1,2})(?![0-9])(?: ?日)?"
)
_KANJI_YMD = re.compile(
    r"(?P<y>[0-9](?<![0-9].)[0-9]{3}) ?年 ?(?P<m>[0-9]{1,2}) ?月 ?(?P<d>[0-9]{1,2}) ?日"
)
_ISO = re.compile(
    r"(?P<y>[0-9](?<![0-9A-Za-z].)[0-9]{3})(?P<sep>[/.\-])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?![0-9])(?![./\-][0-9])"
)
_MDY_NUMERIC = re.compile(
    r"(?P<a>[0-9](?<![0-9A-Za-z].)[0-9]?)(?P<sep>[/.\-])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})"
    r"(?![0-9])"
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?P<mon>{_MONTH_RE}) (?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,? (?P<y>[0-9]{{4}})"
    r"(?![0-9])",
)
_DAY_MONTH_YEAR = re.compile(
    rf"(?P<d>[0-9](?<![0-9].)[0-9]?)(?:st|nd|rd|th)? (?P<mon>{_MONTH_RE}),? (?P<y>[0-9]{{4}})"
    r"(?![0-9])",
)

_BEFORE = keywords(
    ["生年月日", "誕生日", "生まれ", "出生", "dob", "d.o.b", "date of birth", "birth date",
     "birthdate", "birthday", "born"]
)  # fmt: skip
_AFTER = re.compile(r" ?(?:生まれ|生)")


def _make(y: int, m: int, d: int) -> date | None:
    if not 1868 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def wareki_to_date(era: str, year: int, month: int, day: int) -> date | None:
    """The Gregorian date of an era date, or None if it is not a day of that era."""
    first_year, first_day, last_day = _ERAS[era]
    if year < 1:
        return None
    value = _make(first_year + year - 1, month, day)
    if value is None or value < first_day or (last_day is not None and value > last_day):
        return None
    return value


def _parse_wareki(m: re.Match[str]) -> date | None:
    era = _ERA_BY_FIRST_CHAR[m.group()[0]]
    year = 1 if m.group("y") == "元" else int(m.group("y"))
    return wareki_to_date(era, year, int(m.group("m")), int(m.group("d")))


def _parse_ymd(m: re.Match[str]) -> date | None:
    return _make(int(m.group("y")), int(m.group("m")), int(m.group("d")))


def _parse_numeric_us_or_eu(m: re.Match[str]) -> date | None:
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    return _make(y, a, b) or _make(y, b, a)  # 04/12/1985 (US) or 12/04/1985 (elsewhere)


def _parse_month_name(m: re.Match[str]) -> date | None:
    month = _MONTHS.get(m.group("mon")[:3].lower())
    return _make(int(m.group("y")), month, int(m.group("d"))) if month else None


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], date | None]], ...] = (
    (_WAREKI, _parse_wareki),
    (_KANJI_YMD, _parse_ymd),
    (_ISO, _parse_ymd),
    (_MDY_NUMERIC, _parse_numeric_us_or_eu),
    (_MONTH_DAY_YEAR, _parse_month_name),
    (_DAY_MONTH_YEAR, _parse_month_name),
)


class DateOfBirthRecognizer:
    name = "date_of_birth"
    entities = frozenset({"DATE_OF_BIRTH"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        seen: set[tuple[int, int]] = set()
        for pattern, parse in _PATTERNS:
            for m in pattern.finditer(text):
                if (m.start(), m.end()) in seen or parse(m) is None:
                    continue
                seen.add((m.start(), m.end()))
                strength = context_before(text, m.start(), _BEFORE, window=24)
                if _AFTER.match(text, m.end()):
                    strength = 1.0
                score = scored(strength, 0.25, 0.9)
                yield Span(m.start(), m.end(), "DATE_OF_BIRTH", score, self.name)
