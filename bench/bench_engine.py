"""Engine benchmark: per-stage throughput of every tier, each beside reference pipelines.

    .venv/bin/python -m bench.bench_engine [--pages 1 10 100 500] [--repeat N]
        [--json out.json] [--markdown out.md] [--profile-out DIR]

What it measures, and against what, is in the report header and in bench/bench_runs.py and
bench/reference.py. Nothing here is a test: timings are evidence, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import docgen
from bench.bench_report import render
from bench.bench_runs import REFERENCES, TIERS, SizePlan, measure, run_reference, summarize


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.bench_engine",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--pages", type=int, nargs="+", default=[1, 10, 100, 500])
    p.add_argument("--repeat", type=int, default=3, help="rounds for docs <= --ref-pages")
    p.add_argument("--repeat-large", type=int, default=1, help="rounds for larger docs")
    p.add_argument("--ref-pages", type=int, default=10, help="pages the references run on")
    p.add_argument("--refs", nargs="+", choices=REFERENCES, default=list(REFERENCES))
    p.add_argument("--tiers", nargs="+", choices=list(TIERS), default=list(TIERS))
    p.add_argument(
        "--accurate-max-pages", type=int, default=500, help="skip the accurate tier above this"
    )
    p.add_argument("--no-output", action="store_true", help="skip the redaction stage")
    p.add_argument("--scaling-pages", type=int, default=100, help="0 skips the scaling run")
    p.add_argument("--scaling-chunk", type=int, default=10)
    p.add_argument("--scaling-rounds", type=int, default=1)
    p.add_argument("--unpinned", action="store_true", help="also one round without BLAS pinning")
    p.add_argument("--profile-out", type=Path, help="write a pyinstrument profile here")
    p.add_argument("--profile-pages", type=int, default=10)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--cache-dir", type=Path, help="where generated PDFs are kept")
    p.add_argument("--json", type=Path)
    p.add_argument("--markdown", type=Path)
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return p.parse_args(argv)


def _versions() -> str:
    names = ("pymupdf", "spacy", "thinc", "ja-ginza", "sudachipy", "presidio-analyzer", "numpy")
    found = []
    for n in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{n} {metadata.version(n)}")
    return f"Python {platform.python_version()}, " + ", ".join(found)


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _warm(refs: list[str], tiers: list[str], path: Path) -> None:
    """Load every model once and run it, so the first timed round measures no loading."""
    from service import engine

    engine.warm(tuple(t for t in tiers if t != "structured") or ("fast",))
    for ref in refs:
        run_reference(ref, path, ["山田太郎は東京都新宿区の株式会社テストに勤める。"])


def _unpinned_round(path: Path, pages: int) -> dict[str, Any]:
    """One engine/(a2) pair with BLAS at its default thread count (not a fair per-process
    comparison on a shared machine; shown because a service might run that way)."""
    from threadpoolctl import threadpool_limits

    from bench.bench_runs import page_texts, run_tier

    texts = page_texts(path, 1, pages)
    chars = sum(map(len, texts))
    with threadpool_limits(limits=os.cpu_count()):
        engine_s = run_tier(path, TIERS["accurate"], with_output=False).seconds
        a2_s = run_reference("a2", path, texts)
    return {
        "pages": pages,
        "engine_chars_per_s": chars / engine_s,
        "a2_chars_per_s": chars / a2_s,
        "ratio": a2_s / engine_s,
    }


def _measure_sizes(args: argparse.Namespace, paths: dict[int, Path]) -> list[dict[str, Any]]:
    summaries = []
    for n in sorted(paths):
        tiers = [t for t in args.tiers if t != "accurate" or n <= args.accurate_max_pages]
        ref_pages = min(n, args.ref_pages)
        plan = SizePlan(
            path=paths[n],
            pages=n,
            tiers=tiers,
            refs=args.refs,
            ref_pages=ref_pages,
            rounds=args.repeat if n <= args.ref_pages else args.repeat_large,
            with_output=not args.no_output,
        )
        summaries.append(summarize(measure(plan)))
        args.say(f"{n} pages measured ({', '.join(tiers)}; refs on {ref_pages} pages)")
    return summaries


def _budget(summaries: list[dict[str, Any]]) -> dict[str, Any] | None:
    rows = [
        {"pages": s["pages"], **s["tiers"]["accurate"]["budget"]}
        for s in summaries
        if "accurate" in s["tiers"]
        and s["tiers"]["accurate"]["budget"]["non_ner_over_ner"] is not None
    ]
    if not rows:
        return None
    verdict = max(rows, key=lambda b: b["pages"])  # the most text: the least noise
    return {"rows": rows, "pages": verdict["pages"], "pass": verdict["pass"]}


def _scaling(args: argparse.Namespace, cache: Path, summaries: list[dict[str, Any]]) -> Any:
    from bench.bench_runs import page_texts
    from bench.bench_scaling import measure_scaling

    n = args.scaling_pages
    path = docgen.bench_pdf(n, args.seed, cache)
    chars = next((s["chars"] for s in summaries if s["pages"] == n), None)
    if chars is None:
        chars = sum(map(len, page_texts(path, 1, n)))
    return measure_scaling(
        path, n, chars, chunk_pages=args.scaling_chunk, rounds=args.scaling_rounds
    )


def run(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark; returns the report (also printed/written as asked)."""
    args = _args(argv)
    t_start = time.perf_counter()
    load_start = _load()
    cache = args.cache_dir or docgen.cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    # Belt and braces: nothing here should reach the network, and nothing may even try.
    os.environ.setdefault("TLDEXTRACT_CACHE", str(cache / "tldextract"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    def say(msg: str) -> None:
        if not args.quiet:
            print(f"[bench {time.perf_counter() - t_start:6.1f}s] {msg}", file=sys.stderr)

    args.say = say
    # threadpoolctl only limits libraries already loaded: load OpenBLAS (numpy) and thinc first.
    import numpy  # noqa: F401
    import thinc.api  # noqa: F401
    from threadpoolctl import threadpool_info, threadpool_limits

    report: dict[str, Any] = {"refs": args.refs}
    # A context, so a caller's process (a test) gets its thread limits back even on error.
    with threadpool_limits(limits=1):
        paths = {n: docgen.bench_pdf(n, args.seed, cache) for n in sorted(set(args.pages))}
        say(f"documents ready in {cache}")
        _warm(args.refs, args.tiers, paths[min(paths)])
        # Recorded after the models loaded, so it shows the limits actually in force.
        pinned = sorted({f"{i['internal_api']}={i['num_threads']}" for i in threadpool_info()})
        say(f"models loaded and warmed; BLAS threads: {', '.join(pinned) or 'none found'}")
        report["sizes"] = _measure_sizes(args, paths)
        budget = _budget(report["sizes"])
        if budget:
            report["budget"] = budget
        if args.unpinned:
            n = min(paths, key=lambda s: abs(s - args.ref_pages))
            report["unpinned"] = _unpinned_round(paths[n], n)
            say("unpinned round done")
        if args.scaling_pages > 0:
            report["scaling"] = _scaling(args, cache, report["sizes"])
            say("scaling measured")
        if args.profile_out:
            from bench.bench_profile import run_profile

            path = docgen.bench_pdf(args.profile_pages, args.seed, cache)
            report["profile"] = run_profile(path, args.profile_pages, args.profile_out)
            say(f"profile written to {args.profile_out}")

    report["meta"] = {
        "blas_pinned": True,
        "blas_libraries": ", ".join(pinned),
        "cpus": os.cpu_count(),
        "load_start": load_start,
        "load_end": _load(),
        "versions": _versions(),
        "seed": args.seed,
        "cache_dir": str(cache),
        "wall_seconds": time.perf_counter() - t_start,
    }
    markdown = render(report)
    # Printed first: a report that cannot be written must not lose a run of several minutes.
    if not args.quiet:
        print(markdown)
    for out in (args.json, args.markdown):
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
    if args.json:
        import orjson

        args.json.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    if args.markdown:
        args.markdown.write_text(markdown, encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    run(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
