"""Smoke test of the load-test runner: start a real server, run 2 s of /healthz through locust,
check the JSON and Markdown reports have their fields. No timing is asserted: load figures on a
shared machine are evidence for the report, not something a test can hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest

from loadtests import pdfgen, run


def test_generated_documents_are_deterministic_japanese_with_pii() -> None:
    assert pdfgen.page_lines(3, 1) == pdfgen.page_lines(3, 1)
    assert pdfgen.page_lines(3, 1, "a") != pdfgen.page_lines(3, 1, "b")
    pymupdf.TOOLS.mupdf_warnings(reset=True)  # earlier tests' warnings (broken corpus files)
    data = pdfgen.build_document(2, seed=3)
    with pymupdf.open(stream=pdfgen.with_nonce(data, 1), filetype="pdf") as doc:
        text = doc[0].get_text()
        assert doc.page_count == 2
    assert "文書番号" in text
    assert any(mark in text for mark in ("電話", "住所", "メール", "生年月日"))
    assert pymupdf.TOOLS.mupdf_warnings() == ""  # the nonce after %%EOF needs no repair


@pytest.fixture(scope="module")
def smoke_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    out = tmp_path_factory.mktemp("load")
    code = run.main(
        [
            "--scenario", "smoke",
            "--duration", "2",
            "--workers", "1",
            "--warm-profiles", "fast",  # no GiNZA load: the smoke never scans
            "--files", str(out / "files"),
            "--out", str(out / "reports"),
        ]
    )  # fmt: skip
    return code, out / "reports"


def test_smoke_run_writes_json_and_markdown(smoke_report: tuple[int, Path]) -> None:
    code, reports = smoke_report
    assert code == 0
    [json_path] = reports.glob("*.json")
    data = json.loads(json_path.read_text())
    assert {"timestamp", "commit", "cpus", "workers", "total_seconds"} <= set(data["meta"])
    [scenario] = data["scenarios"]
    assert scenario["name"] == "smoke"
    assert "exception" not in scenario, scenario.get("traceback")
    for key in ("requests", "rps", "p50_ms", "p95_ms", "p99_ms", "errors", "shed_503"):
        assert key in scenario
    assert scenario["requests"] > 0
    assert scenario["errors"] == {}
    healthz = scenario["endpoints"]["/healthz"]
    assert healthz["requests"] > 0 and healthz["p99_ms"] is not None
    assert scenario["rss_before"]["web_mb"] > 0
    assert len(scenario["rss_after"]["workers_mb"]) == 1  # the one pool worker is found
    md = json_path.with_suffix(".md").read_text()
    assert "| smoke |" in md and "p99 ms" in md and "RSS (MB)" in md
