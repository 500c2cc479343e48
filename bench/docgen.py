"""Generated Japanese benchmark PDFs: dense A4 pages of business letters, contracts and forms.

Every page is generated from its own seed (`seed`, page index), so the 10-page document is the
first ten pages of the 100-page one: figures at different sizes are measured on the same text.
Files are cached under the temp dir, keyed by generator version, seed and page count.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pymupdf
from faker import Faker

VERSION = 1  # bump when the text changes, so stale cached files are not reused
PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN = 56.0
FONT_SIZE = 10.0
LINE_HEIGHT = 1.45
# The built-in "japan" font reports every glyph as 1 em wide, so a line holds this many chars.
CHARS_PER_LINE = int((PAGE_W - 2 * MARGIN) // FONT_SIZE)
MIN_CHARS, MAX_CHARS = 1000, 1500
# Fixed date ranges (not relative to today): the same seed gives the same text on any day.
_D0, _D1, _D2 = date(2023, 1, 1), date(2025, 12, 31), date(2026, 6, 30)

_ERAS = (("令和", 2019), ("平成", 1989), ("昭和", 1926))
_SUBJECTS = (
    "業務委託契約の更新",
    "お見積りのご送付",
    "請求書の再発行",
    "納品日程の変更",
    "採用面接",
)
_DEPTS = ("総務", "営業", "経理", "人事", "法務", "購買", "情報システム")
_FILLER = (
    "平素は格別のお引き立てを賜り、厚く御礼申し上げます。",
    "ご不明な点がございましたら、下記担当までお気軽にお問い合わせください。",
    "本書の内容は機密情報を含むため、第三者への開示はご遠慮ください。",
    "何卒ご査収のほど、よろしくお願い申し上げます。",
    "なお、本件に関する詳細は別紙のとおりとし、双方協議のうえ決定するものとします。",
    "前回の打合せでいただいたご意見を踏まえ、仕様の一部を見直しました。",
    "今後とも変わらぬご愛顧を賜りますよう、お願い申し上げます。",
    "提出期限を過ぎた場合は、改めて所定の手続きが必要となりますのでご注意ください。",
)


def _jdate(d: date, rng: random.Random) -> str:
    if rng.random() < 0.3:
        for era, start in _ERAS:
            if d.year >= start:
                n = d.year - start + 1
                return f"{era}{'元' if n == 1 else n}年{d.month}月{d.day}日"
    return f"{d.year}年{d.month}月{d.day}日"


def _amount(rng: random.Random) -> str:
    return f"{rng.randrange(10, 50_000) * 1000:,}円"


def _letter(f: Faker, rng: random.Random) -> str:
    return (
        f"{_jdate(f.date_between(_D0, _D1), rng)}\n{f.company()}\n"
        f"{rng.choice(_DEPTS)}部 {f.name()} 様\n{f.company()} {rng.choice(_DEPTS)}課\n"
        f"担当：{f.name()}\n〒{f.zipcode()} {f.address()}\n"
        f"TEL {f.phone_number()}　E-mail：{f.email()}\n"
        f"件名：{rng.choice(_SUBJECTS)}について\n"
        f"拝啓　時下ますますご清栄のこととお慶び申し上げます。{rng.choice(_FILLER)}"
        f"さて、先日ご依頼いただきました件につきまして、見積金額は{_amount(rng)}（税込）となります。"
        f"お支払いは{_jdate(f.date_between(_D1, _D2), rng)}までにお願いいたします。"
        f"{rng.choice(_FILLER)}敬具\n"
    )


def _contract(f: Faker, rng: random.Random) -> str:
    n = rng.randrange(1, 20)
    a, b = f.company(), f.company()
    return (
        f"第{n}条（委託業務）\n甲（{a}、代表取締役 {f.name()}、所在地 {f.address()}）"
        f"および乙（{b}、担当者 {f.name()}）は、以下のとおり合意する。"
        f"乙は甲に対し、{_jdate(f.date_between(_D0, _D1), rng)}から一年間、"
        f"甲の指示に従い業務を提供する。{rng.choice(_FILLER)}\n"
        f"第{n + 1}条（委託料）\n委託料は月額{_amount(rng)}とし、甲は毎月末日までに乙の指定する"
        f"口座に振り込むものとする。振込手数料は甲の負担とする。\n"
        f"第{n + 2}条（連絡先）\n本契約に関する連絡は、甲は{f.name()}（電話 {f.phone_number()}、"
        f"{f.email()}）、乙は{f.name()}（電話 {f.phone_number()}）を窓口とする。"
        f"{rng.choice(_FILLER)}\n"
    )


def _form(f: Faker, rng: random.Random) -> str:
    dob = f.date_of_birth(minimum_age=20, maximum_age=80)
    return (
        f"【申込書】受付日 {_jdate(f.date_between(_D0, _D1), rng)}\n"
        f"氏名：{f.name()}（{f.kana_name()}）　生年月日：{_jdate(dob, rng)}\n"
        f"住所：〒{f.zipcode()} {f.address()}\n"
        f"電話番号：{f.phone_number()}　携帯電話：{f.phone_number()}\n"
        f"メールアドレス：{f.email()}\n勤務先：{f.company()}（{f.job()}）\n"
        f"緊急連絡先：{f.name()}　{f.phone_number()}\n"
        f"ご希望の金額：{_amount(rng)}　{rng.choice(_FILLER)}\n"
    )


def _minutes(f: Faker, rng: random.Random) -> str:
    return (
        f"{_jdate(f.date_between(_D0, _D1), rng)}に{f.company()}本社会議室にて定例会議を開催した。"
        f"出席者は{f.name()}、{f.name()}、{f.name()}の三名で、{f.company()}からは{f.name()}氏が"
        f"オンラインで参加した。{f.prefecture()}{f.city()}の新店舗計画について、予算"
        f"{_amount(rng)}の内訳が説明された。{rng.choice(_FILLER)}{rng.choice(_FILLER)}"
        f"次回は{_jdate(f.date_between(_D1, _D2), rng)}に開催し、議事録は{f.email()}宛に"
        f"送付する。問い合わせ先は{f.phone_number()}（{f.name()}）。\n"
    )


_SECTIONS: tuple[Callable[[Faker, random.Random], str], ...] = (_letter, _contract, _form, _minutes)


def page_text(seed: int, index: int) -> str:
    """The text of page `index` (0-based): 1,000-1,500 characters of mixed business prose."""
    rng = random.Random(seed * 1_000_003 + index)
    fake = Faker("ja_JP")
    fake.seed_instance(seed * 1_000_003 + index)
    target = rng.randrange(MIN_CHARS, MAX_CHARS - 200)
    parts: list[str] = []
    while sum(map(len, parts)) < target:
        parts.append(rng.choice(_SECTIONS)(fake, rng))
    while len(parts) > 1 and sum(map(len, parts)) > MAX_CHARS:
        parts.pop()
    return "".join(parts)


def _wrap(text: str) -> list[str]:
    # Hard wrap like a typeset page: a phone number or a name may be split across lines.
    lines: list[str] = []
    for para in text.split("\n"):
        while len(para) > CHARS_PER_LINE:
            lines.append(para[:CHARS_PER_LINE])
            para = para[CHARS_PER_LINE:]
        lines.append(para)
    return lines


def build_pdf(path: Path, pages: int, seed: int = 7) -> None:
    doc = pymupdf.open()
    try:
        for i in range(pages):
            page = doc.new_page(width=PAGE_W, height=PAGE_H)
            page.insert_text(
                (MARGIN, MARGIN + FONT_SIZE),
                _wrap(page_text(seed, i)),
                fontname="japan",
                fontsize=FONT_SIZE,
                lineheight=LINE_HEIGHT,
            )
        doc.save(path, garbage=3, deflate=True)
    finally:
        doc.close()


def cache_dir() -> Path:
    d = Path(tempfile.gettempdir()) / "presidio-pdf-bench"
    d.mkdir(parents=True, exist_ok=True)
    return d


def bench_pdf(pages: int, seed: int = 7, directory: Path | None = None) -> Path:
    """Path of the cached `pages`-page benchmark PDF, generating it on first use."""
    path = (directory or cache_dir()) / f"bench-v{VERSION}-s{seed}-{pages}p.pdf"
    if not path.exists():
        # Write beside, then rename: a concurrent run never sees a half-written file.
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        build_pdf(tmp, pages, seed)
        os.replace(tmp, path)
    return path
