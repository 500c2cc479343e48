"""The `presidio-pdf` CLI as a user runs it: a subprocess, NDJSON on stdout, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.pdfs import Text, make_pdf

STRUCTURED = ["PHONE_NUMBER", "EMAIL_ADDRESS"]


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = [
        [Text(f"{i}ページ目 電話 03-1234-56{i:02d} メール u{i}@example.jp", (60, 100))]
        for i in range(1, 7)
    ]
    return make_pdf(tmp_path_factory.mktemp("cli") / "doc.pdf", pages)


def test_scan_streams_ndjson_in_schema_order(doc: Path) -> None:
    res = run_cli("scan", doc, "--entities", *STRUCTURED)
    assert res.returncode == 0, res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert all(next(iter(r)) == "type" for r in records)  # `type` comes first
    assert records[0]["type"] == "document" and records[0]["pages"] == 6
    assert len(records[0]["sha256"]) == 64
    assert records[-1]["type"] == "summary"
    assert records[-1]["by_type"] == {"EMAIL_ADDRESS": 6, "PHONE_NUMBER": 6}
    # Per page: its findings, then its page record, pages in order.
    pages = [r["page"] for r in records if r["type"] == "page"]
    assert pages == [1, 2, 3, 4, 5, 6]
    for r in records[1:-1]:
        if r["type"] == "finding":
            later_pages = [p["page"] for p in records if p["type"] == "page"]
            assert r["page"] in later_pages
            assert r["rects"] and r["start"] < r["end"]
    # No progress bar when stderr is not a terminal.
    assert "pages" not in res.stderr


def test_scan_page_range(doc: Path) -> None:
    res = run_cli("scan", doc, "--entities", "PHONE_NUMBER", "--pages", "2-3")
    pages = [json.loads(x)["page"] for x in res.stdout.splitlines() if '"type":"page"' in x]
    assert pages == [2, 3]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "empty_file"), (b"hello, not a pdf", "not_pdf"), (b"%PDF-1.7\ngarbage", "corrupt_pdf")],
)
def test_unreadable_input_exit_code_and_one_line_reason(
    tmp_path: Path, content: bytes, code: str
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    res = run_cli("scan", bad)
    assert res.returncode == 3
    assert json.loads(res.stdout.strip()) == {
        "type": "error",
        "code": code,
        "message": json.loads(res.stdout)["message"],
    }
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    assert f"({code})" in res.stderr


@pytest.mark.corpus
def test_encrypted_needs_password(corpus: Path) -> None:
    path = corpus / "pdfs" / "encrypted" / "pypdf__r6-user-password.pdf"
    assert run_cli("scan", path, "--entities", "EMAIL_ADDRESS").returncode == 3
    wrong = run_cli("scan", path, "--password", "nope", "--entities", "EMAIL_ADDRESS")
    assert wrong.returncode == 3 and "wrong_password" in wrong.stderr
    ok = run_cli("scan", path, "--password", "asdfzxcv", "--entities", "EMAIL_ADDRESS")
    assert ok.returncode == 0, ok.stderr


def test_usage_errors_exit_2(doc: Path) -> None:
    assert run_cli("scan").returncode == 2
    assert run_cli("scan", doc, "--entities", "NOT_A_TYPE").returncode == 2
    assert run_cli("scan", doc, "--threshold", "7").returncode == 2
    assert run_cli("scan", doc, "--pages", "x-y").returncode == 2


def test_redact_removes_text_and_highlight_keeps_it(doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "red.pdf"
    res = run_cli("redact", doc, "-o", out, "--entities", *STRUCTURED)
    assert res.returncode == 0, res.stderr
    text = "".join(page.get_text() for page in pymupdf.open(out))
    assert "03-1234-5601" not in text and "u1@example.jp" not in text
    assert "ページ目" in text  # the rest of the page is kept
    hi = tmp_path / "hi.pdf"
    assert (
        run_cli(
            "redact", doc, "-o", hi, "--mode", "highlight", "--entities", *STRUCTURED
        ).returncode
        == 0
    )
    with pymupdf.open(hi) as h:
        annots = list(h[0].annots())
        assert {a.info["content"] for a in annots} <= {"PHONE_NUMBER", "EMAIL_ADDRESS"}
        assert len(annots) == 2
        assert "03-1234-5601" in h[0].get_text()
