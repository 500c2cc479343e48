"""ORGANIZATION: names carrying a legal form (株式会社〇〇, 〇〇株式会社, (株), Acme, Inc.…).

The regexes only find the legal form, a short literal; the name is then grown outwards char by
char in Python. Names are katakana/kanji/Latin runs, so hiragana particles (は/の/を/が) end them
naturally; label and role words glued to the name (弊社, 代表取締役, 御中) are cut off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.charsets import KANJI, KATAKANA
from service.recognizers.context import keywords

_JA_FORMS = keywords(
    ["株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人",
     "公益社団法人", "公益財団法人", "特定非営利活動法人", "NPO法人", "学校法人", "医療法人社団",
     "医療法人財団", "医療法人", "社会福祉法人", "独立行政法人", "国立大学法人", "(株)", "(有)",
     "(同)"],
    ignore_case=False,
)  # fmt: skip
_NAME_CHAR = re.compile(rf"[{KANJI}{KATAKANA}A-Za-z0-9&\-]")
_LATIN = re.compile(r"[A-Za-z0-9&]")
_LATIN_PAIR = re.compile(r"[A-Za-z0-9&]{2}")
_MAX_NAME = 30
# Words that are glued to a name but are not part of it.
_LEADING_NOISE = re.compile(
    r"^(?:(?:[0-9]+[年月日])+|弊社|当社|御社|貴社|同社|各社|発行元|発行者|宛先|取引先|会社名|社名|"
    r"法人名|名称|商号)+"
)
_TRAILING_NOISE = re.compile(
    r"(?:代表取締役|代表者|代表|取締役|社長|会長|御中|様|殿|宛|本社|本店|支店|営業所|工場|"
    r"担当|ご担当|(?:総務|人事|経理|営業|開発|技術|企画|広報|法務)部)"
)

_EN_FORM = re.compile(
    r"(?P<sep>, ?| )(?P<form>Co\., ?Ltd\.?|Inc\.?|Ltd\.?|LLC|L\.L\.C\.|Corporation|Corp\.|"
    r"Limited|K\.K\.|GmbH|PLC|plc)(?![A-Za-z])"
)
_EN_NAME = re.compile(r"(?:[A-Z][A-Za-z0-9&'\-.]*)(?: (?:&|and|of|[A-Z][A-Za-z0-9&'\-.]*)){0,5}\Z")


class OrganizationRecognizer:
    name = "organization_legal_form"
    entities = frozenset({"ORGANIZATION"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _JA_FORMS.finditer(text):
            span = self._japanese(text, m.start(), m.end())
            if span is not None:
                yield span
        for m in _EN_FORM.finditer(text):
            name = _EN_NAME.search(text, max(0, m.start() - 60), m.start())
            if name is None or (name.start() and _LATIN.match(text[name.start() - 1])):
                continue
            yield Span(name.start(), m.end(), "ORGANIZATION", 0.8, self.name)

    def _japanese(self, text: str, form_start: int, form_end: int) -> Span | None:
        # 〇〇株式会社 (name before) is checked first; 株式会社〇〇 (name after) otherwise.
        left = _grow_left(text, form_start)
        name = _LEADING_NOISE.sub("", text[left:form_start]).lstrip()
        if len(name) >= 2:
            return Span(form_start - len(name), form_end, "ORGANIZATION", 0.85, self.name)
        right = _grow_right(text, form_end)
        name = text[form_end:right]
        cut = _TRAILING_NOISE.search(name)
        if cut is not None:
            name = name[: cut.start()]
        name = name.rstrip()
        if len(name.strip()) < 2:
            return None
        return Span(form_start, form_end + len(name), "ORGANIZATION", 0.85, self.name)


def _grow_left(text: str, start: int) -> int:
    """Start of the name run ending at `start`; a space is crossed only between Latin words."""
    i = start
    while i > 0 and start - i < _MAX_NAME:
        ch = text[i - 1]
        latin_space = ch == " " and i >= 2 and _LATIN.match(text[i - 2]) is not None
        if not (_NAME_CHAR.match(ch) or latin_space):
            break
        i -= 1
    return i


def _grow_right(text: str, end: int) -> int:
    """End of the name run starting at `end` (one leading space allowed: 株式会社 山田商事)."""
    i = end + 1 if end < len(text) and text[end] == " " else end
    while i < len(text) and i - end < _MAX_NAME:
        ch = text[i]
        latin_space = ch == " " and _LATIN_PAIR.fullmatch(text[i - 1 : i + 2 : 2]) is not None
        if not (_NAME_CHAR.match(ch) or latin_space):
            break
        i += 1
    return i
