"""Session-wide fixtures. Area-specific fixtures live beside their tests (tests/live/conftest.py)
and PDF builders in tests/pdfs.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PRESIDIO_PDF_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus: skipped where absent (a user's clone), a failure under CI=true."""
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"corpus missing at {CORPUS} (required under CI)")
        pytest.skip(f"corpus not available at {CORPUS}")
    return CORPUS
