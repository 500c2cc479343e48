"""PERSON from context: after a name label (氏名, 担当者, Name:) or before an honorific (様, さん).

These complement the neural NER, so the scores stay modest (0.6-0.75). The span is the name
alone, never the label or the honorific.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.charsets import HIRAGANA, KANJI, KATAKANA

_NAME_RUN = rf"[{KANJI}{KATAKANA}]"
_LABEL = re.compile(
    r"(?:お名前|氏名|名前|担当者|担当|代表者|代表取締役社長|代表取締役|申請者|申込者|契約者|"
    r"受取人|依頼人)(?:[ :：]*(?:は|:|：) ?| ?)"
    rf"(?P<name>{_NAME_RUN}{{1,10}}(?: {_NAME_RUN}{{1,9}}| [{HIRAGANA}]{{2,5}}(?![{HIRAGANA}]))?)"
)
_EN_LABEL = re.compile(
    r"(?<![A-Za-z])(?:Full name|Name): ?(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})"
)
# A label run may swallow the next label (「氏名山田太郎生年月日…」): cut there.
_NEXT_LABEL = re.compile(
    r"生年月日|住所|電話|性別|年齢|職業|所属|連絡先|フリガナ|ふりがな|印|様|殿|宛|御中|さん|氏|"
    r"男|女"
)
# Runs that sit in the name slot but are not names (blank forms, instructions).
_NOT_A_NAME = re.compile(
    r"欄|記入|変更|届|一覧|確認|番号|登録|情報|入力|不明|なし|様式|未定|者|部署|会社|"
    r"^(?:フリガナ|カナ|漢字|署名|自署)"
)

_HONORIFIC = re.compile(r"様|さん|殿|氏(?![名族])|先生|くん|君|ちゃん")
_NAME_CHAR = re.compile(_NAME_RUN)
# Role words before an honorific: 「ご担当者様」, 「院長先生」 name no one.
_ROLE = re.compile(
    r"^(?:担当者?|関係者|利用者|購入者|申請者|代表者|責任者|保護者|会員|社長|院長|部長|課長|"
    r"校長|教授|医師|患者|皆|各位|客|お客|店長|先方|御社|貴社|奥|旦那|お子|子供|生徒|学生)$"
)
# Surnames end in 部 too (服部, 阿部), so only known department names count as departments.
_DEPARTMENT = re.compile(
    r"(?:営業|人事|総務|経理|技術|開発|企画|広報|法務|事業|製造|購買|管理)[部課]$"
)
# Organisational units glued before a name: 「営業部山田様」 -> 山田.
_UNIT = re.compile(r".*[部課室係科店]")


class PersonContextRecognizer:
    name = "person_context"
    entities = frozenset({"PERSON"})
    languages = frozenset({"ja", "en"})

    def analyze(self, text: str) -> Iterable[Span]:
        for m in _LABEL.finditer(text):
            name = m.group("name")
            cut = _NEXT_LABEL.search(name)
            if cut is not None:
                name = name[: cut.start()]
            name = name.rstrip()
            if 2 <= len(name.replace(" ", "")) <= 10 and not _NOT_A_NAME.search(name):
                yield Span(m.start("name"), m.start("name") + len(name), "PERSON", 0.7, self.name)
        for m in _EN_LABEL.finditer(text):
            yield Span(m.start("name"), m.end("name"), "PERSON", 0.7, self.name)
        for m in _HONORIFIC.finditer(text):
            span = self._before_honorific(text, m.start(), m.group())
            if span is not None:
                yield span

    def _before_honorific(self, text: str, end: int, honorific: str) -> Span | None:
        if end and text[end - 1] == " ":
            end -= 1  # 「山田 様」
        start = end
        spaces = 0
        while start > 0 and end - start < 7:
            ch = text[start - 1]
            if _NAME_CHAR.match(ch):
                start -= 1
            elif ch == " " and spaces == 0 and start >= 2 and _NAME_CHAR.match(text[start - 2]):
                spaces += 1  # 「山田 太郎様」: one space between family and given name
                start -= 1
            else:
                break
        name = text[start:end]
        unit = _UNIT.match(name)
        if unit is not None and len(name) - unit.end() >= 2:
            start += unit.end()
            name = name[unit.end() :]
        name = name.strip()
        if not 2 <= len(name.replace(" ", "")) <= 6 or _ROLE.match(name):
            return None
        if name.endswith(("社", "会", "所", "院", "校", "局", "庁")) or _DEPARTMENT.search(name):
            return None  # 「〇〇株式会社様」「〇〇病院様」「営業部様」 address an organisation
        start = end - len(name)
        score = 0.65 if honorific in ("様", "さん", "殿", "氏") else 0.6
        return Span(start, end, "PERSON", score, self.name)
