"""Accuracy evaluation: labelled text rendered into PDFs, scanned by the real engine, scored.

    .venv/bin/python -m bench.evaluate [--limit N] [--full] [--profile accurate|fast]
        [--datasets stockmark ud en synth fields] [--json out.json] [--markdown out.md]

Datasets: stockmark (ja Wikipedia NER), ud (UD Japanese GSD dev NE), en (presidio-research
synthetic English PII), synth (our Faker ja_JP structured-PII set, person names and bait),
fields (field-value recall on the corpus PDFs in pdfs/ja_pii/). The corpus is read from
../shared/corpus (or $PRESIDIO_PDF_CORPUS); nothing from it is copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from bench import eval_data, eval_fields, eval_report, eval_synth
from bench.eval_run import DatasetResult, evaluate_dataset
from service import engine
from service.options import ScanOptions

ALL = ("stockmark", "ud", "en", "synth", "fields")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m bench.evaluate", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--limit", type=int, default=600, help="stockmark sentences (default 600)")
    ap.add_argument("--en-limit", type=int, default=400, help="English sentences (default 400)")
    ap.add_argument("--synth", type=int, default=100, help="Faker samples per type (default 100)")
    ap.add_argument("--full", action="store_true", help="every sentence of every dataset")
    ap.add_argument("--profile", choices=("accurate", "fast"), default="accurate")
    ap.add_argument("--language", choices=("auto", "ja", "en"), default="auto")
    ap.add_argument("--datasets", nargs="+", choices=ALL, default=list(ALL))
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--json", type=Path, help="write full results (incl. every error) here")
    ap.add_argument("--markdown", type=Path, help="write the report as Markdown here")
    return ap


def _corpus() -> Path:
    return Path(os.environ.get("PRESIDIO_PDF_CORPUS", eval_data.CORPUS))


def load_datasets(args: argparse.Namespace) -> list[eval_data.Dataset]:
    corpus = _corpus()
    full = args.full
    out: list[eval_data.Dataset] = []
    if "synth" in args.datasets:
        n = args.synth * (5 if full else 1)
        out += eval_synth.build(n, n_bait=int(2.8 * n), n_person=2 * n, seed=args.seed)
    if "stockmark" in args.datasets:
        out.append(eval_data.load_stockmark(corpus, None if full else args.limit))
    if "ud" in args.datasets:
        out.append(eval_data.load_ud(corpus))
    if "en" in args.datasets:
        out.append(eval_data.load_presidio_en(corpus, None if full else args.en_limit))
    return out


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    options = ScanOptions(language=args.language, profile=args.profile)
    t_start = time.perf_counter()
    engine.warm((args.profile,))  # model loading is not part of any dataset's chars/s
    results: list[DatasetResult] = []
    with tempfile.TemporaryDirectory(prefix="presidio-pdf-eval-") as tmp:
        for ds in load_datasets(args):
            res = evaluate_dataset(ds, Path(tmp), options)
            results.append(res)
            total = res.total()
            p, r, f = total.overlap_prf()
            print(
                f"[{ds.name}] {res.sentences} sentences, {len(res.unaligned)} not aligned, "
                f"{res.chars / max(res.seconds, 1e-9):,.0f} chars/s, "
                f"P {p:.3f} R {r:.3f} F1 {f:.3f}",
                file=sys.stderr,
            )
    files = eval_fields.evaluate_all(_corpus(), options) if "fields" in args.datasets else []
    elapsed = time.perf_counter() - t_start
    chars = sum(r.chars for r in results)
    scan_s = sum(r.seconds for r in results)
    meta = {
        "profile": args.profile,
        "language": args.language,
        "full": args.full,
        "limit": args.limit,
        "seed": args.seed,
        "python": platform.python_version(),
        "chars": chars,
        "scan_seconds": scan_s,
        "chars_per_second": chars / scan_s if scan_s else 0.0,
        "wall_seconds": elapsed,
    }
    header = (
        f"Profile `{args.profile}`, language `{args.language}`"
        f"{', full run' if args.full else f', stockmark limit {args.limit}'}; "
        f"{chars:,} chars scanned in {scan_s:.1f} s ({meta['chars_per_second']:,.0f} chars/s), "
        f"wall {elapsed:.0f} s. Overlap match = same type and overlapping span; exact = same "
        "boundaries."
    )
    report = eval_report.markdown(results, files, header)
    print(report)
    if args.markdown:
        args.markdown.write_text(report, "utf-8")
    if args.json:
        data = eval_report.to_json(results, files, meta)
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
