"""`presidio-pdf` command line: scan (NDJSON to stdout), redact, serve.

Exit codes: 0 success, 2 usage error, 3 unreadable input (one-line reason on stderr),
4 redaction could not be verified, 1 anything else.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import orjson

from service.errors import InputError, PresidioPdfError
from service.options import ENTITY_TYPES, ScanOptions, build_options
from service.records import PageResult, error_record, summary_record

EXIT_USAGE = 2
# Pages per engine call: small enough that output streams page by page on a slow document,
# large enough that NER batches across pages.
CLI_CHUNK_PAGES = 4


def _add_scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the PDF to read")
    p.add_argument(
        "--entities",
        nargs="+",
        metavar="TYPE",
        help=f"only these entity types (default: all of {', '.join(ENTITY_TYPES)})",
    )
    p.add_argument("--language", choices=["ja", "en", "auto"], default="auto")
    p.add_argument("--profile", choices=["accurate", "fast"], default="accurate")
    p.add_argument("--threshold", type=float, default=0.5, help="minimum score (0..1)")
    p.add_argument("--pages", help="page range, e.g. 3 or 1-20 or 5-")
    p.add_argument("--allow", action="append", default=[], help="never report this string")
    p.add_argument(
        "--deny", action="append", default=[], metavar="TYPE:TEXT", help="always report TEXT"
    )
    p.add_argument(
        "--deny-regex",
        action="append",
        default=[],
        metavar="TYPE:REGEX",
        help="always report matches of REGEX",
    )
    p.add_argument("--password", help="user password of an encrypted PDF")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presidio-pdf", description="Find and redact personal information in PDFs."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    scan = sub.add_parser("scan", help="stream findings as NDJSON to stdout")
    _add_scan_options(scan)
    redact = sub.add_parser("redact", help="write a redacted or highlighted PDF")
    _add_scan_options(redact)
    redact.add_argument("-o", "--output", type=Path, required=True)
    redact.add_argument("--mode", choices=["redact", "highlight"], default="redact")
    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=None, help="worker processes")
    return parser


def options_from_args(args: argparse.Namespace) -> ScanOptions:
    return build_options(
        entities=args.entities,
        language=args.language,
        threshold=args.threshold,
        allow=args.allow,
        deny=args.deny,
        deny_regex=args.deny_regex,
        pages=args.pages,
        profile=args.profile,
        password=args.password,
    )


class _Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = total, stream
        self.enabled = stream.isatty()
        self.start = time.monotonic()

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(self.total, 1)
        rate = done / max(time.monotonic() - self.start, 1e-6)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} pages {rate:.1f} p/s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


def iter_pages(
    path: Path, options: ScanOptions, pages: int, progress: _Progress | None = None
) -> Iterator[PageResult]:
    """Page results in page order, a few pages per engine call so output streams."""
    from service import engine

    first, last = options.pages or (1, pages)
    last = min(last, pages)
    if progress is not None:
        progress.total = max(last - first + 1, 0)
    done = 0
    for lo in range(first, last + 1, CLI_CHUNK_PAGES):
        for result in engine.scan_range(path, options, lo, min(lo + CLI_CHUNK_PAGES - 1, last)):
            done += 1
            yield result
        if progress is not None:
            progress.update(done)


def scan_records(
    path: Path, options: ScanOptions, progress: _Progress | None = None
) -> Iterator[dict[str, Any]]:
    """document -> (findings, page)* -> summary; raises before the first record on bad input."""
    from service import engine

    info = engine.inspect(path, options.password)
    yield info.to_record()
    started = time.monotonic()
    pages: list[PageResult] = []
    for result in iter_pages(path, options, info.pages, progress):
        pages.append(result)
        yield from result.records()
    yield summary_record(pages, time.monotonic() - started)


def _emit(out: Any, record: dict[str, Any]) -> None:
    out.write(orjson.dumps(record) + b"\n")
    out.flush()


def _cmd_scan(args: argparse.Namespace) -> int:
    options = options_from_args(args)
    out = sys.stdout.buffer
    progress = _Progress(0, sys.stderr)
    try:
        for record in scan_records(args.file, options, progress):
            _emit(out, record)
    except PresidioPdfError as exc:
        _emit(out, error_record(exc.code, exc.message))
        print(f"presidio-pdf: {args.file}: {exc.message} ({exc.code})", file=sys.stderr)
        return exc.exit_code
    finally:
        progress.close()
    return 0


def _cmd_redact(args: argparse.Namespace) -> int:
    from service import engine

    options = options_from_args(args)
    progress = _Progress(0, sys.stderr)
    try:
        info = engine.inspect(args.file, options.password)
        found = [
            f for r in iter_pages(args.file, options, info.pages, progress) for f in r.findings
        ]
        progress.close()
        report = engine.render(args.file, args.output, args.mode, found, options.password)
    except PresidioPdfError as exc:
        print(f"presidio-pdf: {args.file}: {exc.message} ({exc.code})", file=sys.stderr)
        return exc.exit_code
    print(
        f"presidio-pdf: wrote {args.output} ({args.mode}, {len(found)} findings)",
        file=sys.stderr,
    )
    del report
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from service import server

    server.run(host=args.host, port=args.port, workers=args.workers)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "scan":
            return _cmd_scan(args)
        if args.command == "redact":
            return _cmd_redact(args)
        return _cmd_serve(args)
    except InputError as exc:  # bad options surface here (ScanOptions validation)
        print(f"presidio-pdf: {exc.message} ({exc.code})", file=sys.stderr)
        return EXIT_USAGE if exc.code == "invalid_options" else exc.exit_code
