"""The worker initializer, run in a fresh interpreter as the pool runs it in each worker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, os, sys
from threadpoolctl import threadpool_info
from service import worker
worker.init(("fast",), "WARNING", int(sys.argv[1]), sys.argv[2], None)
print(json.dumps({
    "nice": os.nice(0),
    "blas": [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"],
}))
"""


def _probe(nice: int, run_dir: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(nice), str(run_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_worker_runs_niced_with_one_blas_thread(tmp_path: Path) -> None:
    # The probe starts at the test's own priority; init adds `nice` to it.
    base = _probe(0, tmp_path)["nice"]
    got = _probe(7, tmp_path)
    assert got["nice"] == min(19, int(base) + 7)  # type: ignore[call-overload]
    # numpy's OpenBLAS is loaded and limited to one thread (a limit set before the library is
    # loaded would silently do nothing, leaving a thread per core in every worker).
    assert got["blas"] == [1]
