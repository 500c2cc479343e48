"""Smoke test of the engine benchmark: a 1-page document, one round, every reference.

Checks the report's shape (keys, ratios present and positive), never a timing: timings on a
shared machine are evidence for the bench report, not something a test can assert.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import bench_engine, docgen
from bench.bench_runs import REFERENCES, STAGES, TIERS


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("bench")
    return bench_engine.run(
        [
            "--pages", "1",
            "--repeat", "1",
            "--scaling-pages", "0",  # spawning model-loading workers is too slow for a unit test
            "--cache-dir", str(tmp / "cache"),
            "--json", str(tmp / "out.json"),
            "--markdown", str(tmp / "out.md"),
            "--quiet",
        ]
    )  # fmt: skip


def test_docgen_pages_are_dense_japanese_and_deterministic() -> None:
    a, b = docgen.page_text(7, 0), docgen.page_text(7, 0)
    assert a == b
    assert docgen.MIN_CHARS <= len(a) <= docgen.MAX_CHARS + 400
    assert "様" in a or "氏名" in a or "甲" in a or "出席者" in a


def test_report_has_every_tier_stage_and_ratio(report: dict) -> None:
    (size,) = report["sizes"]
    assert size["pages"] == 1 and size["identical_text"]
    assert set(size["references"]) == set(REFERENCES)
    assert set(size["tiers"]) == set(TIERS)
    for tier, entry in size["tiers"].items():
        assert entry["pages_per_s"] > 0 and entry["chars_per_s"] > 0
        assert set(entry["ratio"]) == set(REFERENCES)
        assert all(r is not None and r > 0 for r in entry["ratio"].values())
        expected = set(STAGES) - ({"ner"} if tier == "structured" else set())
        # The redaction stage is measured once per size, on the first tier (accurate).
        if tier == "accurate":
            expected.add("output")
        assert set(entry["stages"]) == expected
        for stage in entry["stages"].values():
            assert set(stage["ratio"]) == set(REFERENCES)


def test_budget_and_outputs(report: dict, tmp_path_factory: pytest.TempPathFactory) -> None:
    budget = report["budget"]
    assert budget["rows"][0]["limit"] == 0.15
    assert isinstance(budget["pass"], bool)
    assert report["meta"]["blas_pinned"] is True
    assert "openblas=1" in report["meta"]["blas_libraries"]
    out_dir = Path(report["meta"]["cache_dir"]).parent
    md = (out_dir / "out.md").read_text(encoding="utf-8")
    assert "PASS" in md or "FAIL" in md
    assert (out_dir / "out.json").stat().st_size > 0
