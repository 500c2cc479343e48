"""Value recall on the corpus PDFs with known field values (`pdfs/ja_pii/`).

A PII-like field value counts as found when some occurrence of it on the page is entirely
covered by findings (of any type: for redaction what matters is that it gets blacked out).
Values that do not appear in the extracted text (drawn as graphics, split into boxes the
extractor reorders) are reported as absent and left out of the recall.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from service import engine, pdf
from service.options import ScanOptions

# Field-name patterns per category; the first match wins. ふりがな/kana fields are readings
# of a name/address rather than the PII itself and are left out.
CATEGORIES = (
    ("skip", re.compile(r"ふりがな|kana|生年月日|記入時")),
    ("name", re.compile(r"名前|氏名|担当者名|従業員名|^name$")),
    ("phone", re.compile(r"電話|TEL|FAX|^(cell_phone|tel\d*|fax\d*)$")),
    ("email", re.compile(r"mail|メール", re.IGNORECASE)),
    ("postal", re.compile(r"郵便番号|^address_zip\d*$")),
    ("address", re.compile(r"住所|所在地|^address\d*$|^\{\d+\}[1-2]行$")),
    ("dob", re.compile(r"^birth_day$")),
)


def category(key: str) -> str | None:
    for name, pattern in CATEGORIES:
        if pattern.search(key):
            return name
    return None


def _fold(c: str) -> str:
    n = unicodedata.normalize("NFKC", c)
    return n if len(n) == 1 else c


def _squeeze(text: str) -> tuple[str, list[int]]:
    kept = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    return "".join(_fold(c) for _, c in kept), [i for i, _ in kept]


def load_values(corpus: Path) -> dict[str, list[tuple[str, str, str]]]:
    """file name -> [(category, field, value part)], deduplicated; multi-line values are split
    into lines, since a form prints each line in its own box."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    pdfme = json.loads((corpus / "pdfs/ja_pii/pdfme__field_values.json").read_text("utf-8"))
    for fname, info in pdfme.items():
        for page in info["pages"]:
            for key, spec in page.items():
                content = spec.get("content") if isinstance(spec, dict) else spec
                _add(out.setdefault(fname, []), key, content)
    # data.yaml is flat `key: value` for the fields we need; no YAML dependency for that.
    yaml_text = (corpus / "pdfs/ja_pii/yamlcv__data.yaml").read_text("utf-8")
    flat = re.findall(r"^([a-z_0-9]+): (.+)$", yaml_text, re.MULTILINE)
    for fname in ("yamlcv__rirekisho_output.pdf", "yamlcv__rirekisho_academic.pdf"):
        for key, value in flat:
            _add(out.setdefault(fname, []), key, re.sub(r"\s*\(.*\)$", "", value))
    return out


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTAL = re.compile(r"^〒\s*(\d{3}-?\d{4})")
_PHONE = re.compile(r"^(?:TEL|FAX)\s*[:：]?\s*(.+)$", re.IGNORECASE)
_COMPANY = re.compile(r"株式会社|有限会社|合同会社|御中")
_PREFECTURE = re.compile(r"^(?:東京都|北海道|(?:京都|大阪)府|\S{2,3}県)")
_TITLE = re.compile(r"^(?:代表取締役|取締役|社長)\s*")


def _classify(key_cat: str | None, line: str) -> tuple[str, str] | None:
    """Category and value of one printed line. The content decides first, because free-form
    fields (発行者, 自由2) hold a postal code, a phone or an email on their own lines."""
    if m := _EMAIL.search(line):
        return "email", m.group()
    if m := _POSTAL.match(line):
        return "postal", m.group(1)
    if m := _PHONE.match(line):
        return "phone", m.group(1).split(" / ")[0].strip()
    if _COMPANY.search(line):
        return None  # organisations are not personal data here
    if key_cat == "name":
        # The honorific and the job title are printed beside the name, not part of it.
        return "name", _TITLE.sub("", re.sub(r"\s*様$", "", line))
    if key_cat == "phone":
        return key_cat, line.split(" / ")[0]
    if key_cat:
        return key_cat, line
    if _PREFECTURE.match(line):
        return "address", line
    return None


def _add(items: list[tuple[str, str, str]], key: str, content: object) -> None:
    key_cat = category(key)
    if not isinstance(content, str) or key_cat == "skip":
        return
    for line in content.splitlines():
        got = _classify(key_cat, line.strip()) if line.strip() else None
        if got and not any(i[0] == got[0] and i[2] == got[1] for i in items):
            items.append((got[0], re.sub(r"^\{\d+\}", "", key), got[1]))


@dataclass(slots=True)
class FileResult:
    name: str
    found: list[tuple[str, str, str]] = field(default_factory=list)
    missed: list[tuple[str, str, str, float]] = field(default_factory=list)  # + best coverage
    absent: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        n = len(self.found) + len(self.missed)
        return len(self.found) / n if n else 1.0


def evaluate_file(
    path: Path, values: list[tuple[str, str, str]], options: ScanOptions
) -> FileResult:
    res = FileResult(path.name)
    results = engine.scan_range(path, options)
    doc = pdf.open_pdf(path)
    try:
        pages = []
        for r in results:
            text = pdf.extract_page(doc, r.page).text
            covered = [False] * len(text)
            for f in r.findings:
                for i in range(f.start, f.end):
                    covered[i] = True
            pages.append((_squeeze(text), covered))
    finally:
        doc.close()
    for cat, key, value in values:
        needle = _squeeze(value)[0]
        best, seen = 0.0, False
        for (flat, where), covered in pages:
            pos = flat.find(needle)
            while pos >= 0:
                seen = True
                hits = sum(covered[where[pos + k]] for k in range(len(needle)))
                best = max(best, hits / len(needle))
                pos = flat.find(needle, pos + 1)
        if not seen:
            res.absent.append((cat, key, value))
        elif best >= 1.0:
            res.found.append((cat, key, value))
        else:
            res.missed.append((cat, key, value, best))
    return res


def evaluate_all(corpus: Path, options: ScanOptions) -> list[FileResult]:
    values = load_values(corpus)
    folder = corpus / "pdfs" / "ja_pii"
    return [
        evaluate_file(folder / name, items, options)
        for name, items in sorted(values.items())
        if (folder / name).is_file() and items
    ]
