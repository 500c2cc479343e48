"""`--profile-out DIR`: pyinstrument over one accurate scan (and its redaction) of a document.

Writes the call tree as text and HTML plus a flat self-time list, and returns a summary: the
time per engine stage in the profiled run (engine timers) and the top functions by self time.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from service import engine, output
from service.errors import RedactionIncomplete
from service.options import ScanOptions

_FLAT_LINE = re.compile(r"^\s*(\d+\.\d+)\s+(\S.*?)\s{2,}(\S.*)$")
# pyinstrument sees no Python frame under Cython code that runs without calling back into
# Python (spaCy's transition-based NER, thinc's ops loops): those samples land on the thread's
# root as "[self]". Named explicitly so nobody goes looking for a function called "[self]".
NATIVE = "(native code under no visible Python frame: spaCy/thinc Cython, mostly NER)"


def _top_self(flat: str, n: int) -> list[dict[str, Any]]:
    rows = []
    for line in flat.splitlines():
        m = _FLAT_LINE.match(line)
        if not m:
            continue
        function, where = m.group(2), m.group(3)
        if where.startswith("<thread>:"):
            continue  # the thread's own row: its self time is the "[self]" row below
        if function == "[self]" and where == "<thread>":
            function, where = NATIVE, "-"
        rows.append({"seconds": float(m.group(1)), "function": function, "where": where})
    rows.sort(key=lambda r: -r["seconds"])
    return rows[:n]


def run_profile(path: Path, pages: int, out_dir: Path, top: int = 15) -> dict[str, Any]:
    from pyinstrument import Profiler

    out_dir.mkdir(parents=True, exist_ok=True)
    engine.warm(("accurate",))  # model loading is not what we want to see
    fd, redacted = tempfile.mkstemp(suffix=".pdf", prefix="bench-profile-")
    os.close(fd)
    profiler = Profiler(interval=0.001)
    error: str | None = None
    stages: dict[str, float] = {}
    profiler.start()
    try:
        results = engine.scan_range(path, ScanOptions(profile="accurate"), 1, pages)
        for r in results:
            for k, v in r.timings.items():
                stages[k] = stages.get(k, 0.0) + v
        findings = [f for r in results for f in r.findings]
        t0 = time.perf_counter()
        try:
            output.write_output(path, redacted, findings, "redact")
        except RedactionIncomplete as exc:  # raised after the redaction: still worth profiling
            error = f"{type(exc).__name__}: {exc}"
        stages["output"] = time.perf_counter() - t0
    finally:
        profiler.stop()
        Path(redacted).unlink(missing_ok=True)
    tree = profiler.output_text(unicode=True, color=False)
    flat = profiler.output_text(unicode=True, color=False, flat=True)
    (out_dir / "profile.txt").write_text(tree, encoding="utf-8")
    (out_dir / "profile_flat.txt").write_text(flat, encoding="utf-8")
    (out_dir / "profile.html").write_text(profiler.output_html(), encoding="utf-8")
    session = profiler.last_session
    total = session.duration if session else sum(stages.values())
    return {
        "pages": pages,
        "seconds": total,
        "dir": str(out_dir),
        "files": ["profile.txt", "profile_flat.txt", "profile.html"],
        # Stage shares from the engine's own timers in the profiled run: pyinstrument cannot
        # attribute the Cython part of NER (see NATIVE), so its tree undercounts NER.
        "stages": {
            k: {"seconds": v, "share": v / total if total else None} for k, v in stages.items()
        },
        "top_self": _top_self(flat, top),
        "output_error": error,
    }
