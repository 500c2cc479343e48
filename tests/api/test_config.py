"""Settings: environment prefix, refusal of bad values, and chunk planning by text volume."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from service.config import load_settings
from service.records import DocumentInfo
from service.scanner import plan_chunks


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESIDIO_PDF_MAX_PAGES", "7")
    monkeypatch.setenv("PRESIDIO_PDF_WARM_PROFILES", "accurate,fast")
    settings = load_settings()
    assert settings.max_pages == 7
    assert settings.warm_profiles == ("accurate", "fast")
    assert settings.max_upload_bytes == 50 * 1024 * 1024


@pytest.mark.parametrize(
    "bad",
    [
        {"workers": 0},
        {"max_concurrent_documents": 0},
        {"port": 70000},
        {"warm_profiles": "turbo"},
        {"sse_ping_interval": 500, "sse_max_stream_seconds": 300},
        {"no_such_setting": 1},
    ],
)
def test_bad_values_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        load_settings(**bad)


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError):
        load_settings().workers = 3  # type: ignore[misc]


def test_chunks_follow_text_volume_and_the_first_is_small() -> None:
    dense, sparse = 5000, 100
    info = DocumentInfo(pages=12, sha256="x", page_chars=(dense,) * 6 + (sparse,) * 6)
    chunks = plan_chunks(info, 1, 12, target_chars=10_000, max_pages=4)
    assert chunks[0] == (1, 1)  # one page: first findings come early
    assert chunks[1] == (2, 3)  # dense pages: two per chunk
    assert chunks[-1] == (10, 12) or chunks[-1][1] == 12
    assert [c for c in chunks if c[0] > 6] and all(b - a + 1 <= 4 for a, b in chunks)
    pages = [p for a, b in chunks for p in range(a, b + 1)]
    assert pages == list(range(1, 13))
    # However dense or sparse, the first chunk is one page.
    sparse_doc = DocumentInfo(pages=50, sha256="x", page_chars=(10,) * 50)
    assert plan_chunks(sparse_doc, 1, 50, target_chars=10_000, max_pages=16)[0] == (1, 1)
