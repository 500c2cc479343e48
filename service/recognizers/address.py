"""LOCATION: Japanese postal addresses (都道府県 + 市区町村 + 町名 + 丁目/番地/号 + building).

An address starts at one of the 47 prefecture names, or - after a 住所/所在地 label - at the
municipality. The body is a kanji/katakana run that must contain a municipality suffix
(市/区/町/村/郡), then block numbers (2-8-1, 2丁目8番1号), then optionally a building name when it
is recognisably one (ビル, ハイツ… or followed by a room number), because the word after an address
is just as often the next label (電話, 氏名) as a building.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.recognizers.base import Span
from service.recognizers.charsets import DASHES, KANJI, KATAKANA

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip

# Municipalities written in hiragana: the only hiragana an address body may contain (hiragana
# elsewhere is a particle ending the address: 「西新宿2-8-1にある」).
_HIRAGANA_PLACES = (
    "さいたま", "つくばみらい", "つくば", "ひたちなか", "かすみがうら", "いわき", "いすみ",
    "みどり", "あきる野", "いちき串木野", "うきは", "えびの", "みやま", "たつの", "さくら",
    "かほく", "あわら", "みよし", "せたな", "むかわ", "ときがわ", "みなかみ", "むつ", "つがる",
    "にかほ", "かつらぎ", "ふじみ野", "南あわじ", "南さつま", "みよし",
)  # fmt: skip
_AREA_UNIT = (
    rf"(?:{'|'.join(sorted(set(_HIRAGANA_PLACES), key=len, reverse=True))}"
    rf"|[{KANJI}{KATAKANA}]|(?<=[{KANJI}])[がノ](?=[{KANJI}]))"
)
# Longest first, so 神奈川県 is never read as a shorter name; also used by the postal recognizer.
PREFECTURE_ALT = "|".join(sorted(PREFECTURES, key=len, reverse=True))
_BLOCK = rf"(?:[{DASHES}の]?[0-9]++(?:丁目|番地|番|号|条[東西南北]?|線|地割)?)*+"
_ADDRESS = re.compile(
    rf"(?P<pref>{PREFECTURE_ALT})(?P<area>{_AREA_UNIT}{{0,24}}+)(?P<block>{_BLOCK})"
)
_LABELLED = re.compile(
    rf"(?:現住所|住所|本店所在地|所在地|送付先|お届け先)[ :：]*"
    rf"(?P<area>{_AREA_UNIT}{{2,24}}+)(?P<block>{_BLOCK})"
)
_MUNICIPALITY = re.compile(r"[市区町村郡]")
# Words that end an address even though they are kanji (「新宿区在住の」).
_AREA_STOP = re.compile(r"在住|在勤|出身|付近|周辺|方面|近辺|全域|一帯|役所|庁舎|駅前?|内の")
_BUILDING = re.compile(
    rf" ?(?P<name>[{KANJI}{KATAKANA}A-Za-z]{{1,20}}+)"
    rf"(?: ?(?P<room>[0-9]{{1,4}}(?:号室|号|階|F)?)(?![0-9{DASHES}]))?"
)
_BUILDING_WORD = re.compile(
    r"ビル|マンション|ハイツ|コーポ|コート|タワー|レジデンス|ハウス|ヒルズ|パレス|アパート|"
    r"プラザ|センター|メゾン|ヴィラ|シャルム|クレスト|アーバン|テラス|ガーデン|荘|館|棟|寮|団地"
)
_NOT_BUILDING = re.compile(r"(?:電話|TEL|Tel|FAX|Fax|メール|携帯|連絡先|氏名|担当|代表|E)")
_ROOM_ONLY = re.compile(rf"(?:[{DASHES}][0-9]{{1,4}}| [0-9]{{1,4}}(?:号室|号))(?![0-9{DASHES}])")


class AddressRecognizer:
    name = "jp_address"
    entities = frozenset({"LOCATION"})
    languages = frozenset({"ja"})

    def analyze(self, text: str) -> Iterable[Span]:
        covered_to = -1
        for m in _ADDRESS.finditer(text):
            span = self._span(text, m.start(), m.start("area"), m)
            if span is not None:
                covered_to = span.end
                yield span
        for m in _LABELLED.finditer(text):
            if m.start("area") < covered_to or _ADDRESS.match(text, m.start("area")):
                continue  # a prefecture follows the label: already reported above
            span = self._span(text, m.start("area"), m.start("area"), m, labelled=True)
            if span is not None:
                yield span

    def _span(
        self, text: str, start: int, area_start: int, m: re.Match[str], *, labelled: bool = False
    ) -> Span | None:
        area = m.group("area")
        stop = _AREA_STOP.search(area)
        if stop is not None:
            area, block = area[: stop.start()], ""
        else:
            block = m.group("block")
        if not _MUNICIPALITY.search(area):
            return None
        if labelled and not block:
            return None  # a label and a bare place name are not enough for an address
        end = area_start + len(area) + len(block)
        if block:
            end = _extend_building(text, end)
        score = 0.85 if block else 0.6
        return Span(start, end, "LOCATION", score, self.name)


def _extend_building(text: str, end: int) -> int:
    """Include "都庁ビル 301号室" / "-301" / " 301号室" directly after the block numbers."""
    room = _ROOM_ONLY.match(text, end)
    if room is not None:
        return room.end()
    b = _BUILDING.match(text, end)
    if b is None or _NOT_BUILDING.match(b.group("name")):
        return end
    if b.group("room") or _BUILDING_WORD.search(b.group("name")):
        return b.end()
    return end
