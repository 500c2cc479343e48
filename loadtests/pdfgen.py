"""Japanese PDFs for load: business-letter pages with PII on every page, and a 50 MB upload.

Pages are generated from (seed, page index) with a private `random.Random`, so the same call
gives the same bytes on any machine and day. `salt` goes into the page text, so two documents
with different salts are different documents (distinct sha256, no result-cache hit), while the
engine's work per page stays comparable.

`with_nonce` is the cheap way to make many distinct uploads of one document: it appends a PDF
comment after `%%EOF`. Readers ignore it (MuPDF opens the file without repair), but the bytes,
and so the cache key, differ - the engine does the full work for each request.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pymupdf

VERSION = 1  # part of the cache directory's name: bump when the generated text changes
PAGE_W, PAGE_H = 595.0, 842.0  # A4
MARGIN = 56.0
FONT_SIZE = 10.0
LINE_STEP = 15.0
# The built-in "japan" font is 1 em per glyph, so this many characters fit on a line.
LINE_CHARS = int((PAGE_W - 2 * MARGIN) // FONT_SIZE)
LINES_PER_PAGE = 28

_SURNAMES = ("山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤")
_GIVEN = ("太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔太", "由美", "大輔", "直子")
_CITIES = (
    "東京都新宿区西新宿",
    "大阪府大阪市北区梅田",
    "神奈川県横浜市中区山下町",
    "愛知県名古屋市中村区名駅",
    "福岡県福岡市博多区博多駅前",
)
_COMPANIES = (
    "株式会社サンプル商事",
    "東日本物流株式会社",
    "有限会社みどり工房",
    "テスト電機株式会社",
)
_FILLER = (
    "平素は格別のお引き立てを賜り、厚く御礼申し上げます。",
    "ご不明な点がございましたら、下記担当までお気軽にお問い合わせください。",
    "本書の内容は機密情報を含むため、第三者への開示はご遠慮ください。",
    "前回の打合せでいただいたご意見を踏まえ、仕様の一部を見直しました。",
    "提出期限を過ぎた場合は、改めて所定の手続きが必要となりますのでご注意ください。",
    "本日の会議では来期の予算計画と人員配置について議論しました。",
)


def _pii_line(rng: random.Random) -> str:
    name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
    kind = rng.randrange(4)
    if kind == 0:
        return f"担当者 {name} 電話 03-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}"
    if kind == 1:
        postal = f"〒{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}"
        block = f"{rng.randrange(1, 9)}-{rng.randrange(1, 30)}-{rng.randrange(1, 20)}"
        return f"住所 {postal} {rng.choice(_CITIES)}{block}"
    if kind == 2:
        email = f"user{rng.randrange(10_000)}@example.co.jp"
        return f"{rng.choice(_COMPANIES)} {name}様 メール {email}"
    born = f"19{rng.randrange(50, 99)}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日"
    return f"{name}（生年月日 {born}）"


def page_lines(seed: int, page: int, salt: str = "") -> list[str]:
    """The text lines of one page: a header, then PII lines between filler sentences."""
    rng = random.Random(f"{VERSION}:{seed}:{page}")
    lines = [f"文書番号 {seed}-{page} {salt}".rstrip()]
    while len(lines) < LINES_PER_PAGE:
        if rng.random() < 0.35:
            lines.append(_pii_line(rng))
        else:
            text = "".join(rng.choice(_FILLER) for _ in range(2))
            lines.extend(text[i : i + LINE_CHARS] for i in range(0, len(text), LINE_CHARS))
    return lines[:LINES_PER_PAGE]


def build_document(pages: int, *, seed: int = 0, salt: str = "") -> bytes:
    """`pages` A4 pages of Japanese business text (about 1,000 characters each) with PII."""
    doc = pymupdf.open()
    try:
        for n in range(1, pages + 1):
            page = doc.new_page(width=PAGE_W, height=PAGE_H)
            y = MARGIN
            for line in page_lines(seed, n, salt):
                page.insert_text((MARGIN, y), line, fontname="japan", fontsize=FONT_SIZE)
                y += LINE_STEP
        return doc.tobytes(garbage=1, deflate=True)
    finally:
        doc.close()


def build_large(size: int, *, seed: int = 0) -> bytes:
    """A 1-page PDF of about `size` bytes: text plus an incompressible embedded file."""
    doc = pymupdf.open(stream=build_document(1, seed=seed), filetype="pdf")
    try:
        base = len(doc.tobytes())
        # Random bytes do not deflate, so the file grows by about their length.
        blob = random.Random(seed).randbytes(max(size - base - 4096, 0))
        doc.embfile_add("payload.bin", blob, filename="payload.bin")
        return doc.tobytes()
    finally:
        doc.close()


def with_nonce(data: bytes, nonce: int | str) -> bytes:
    """Distinct bytes (and sha256) for the same document: a comment after the end marker."""
    return data + f"\n%load-nonce {nonce}\n".encode()


def cached(directory: Path, name: str, build: Callable[[], bytes]) -> Path:
    """`directory/name`, built once with `build()`: generated files are reused across runs."""
    path = directory / name
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(build())
        tmp.replace(path)
    return path
