"""Measuring one document: engine tiers and reference pipelines, interleaved round by round.

A round runs every engine tier over the whole document (A); every reference runs over the
document's first `ref_pages` pages (B) before the first round and after each round: B A B A B.
Each engine figure becomes a ratio against the mean of the two reference runs bracketing it,
so slow drift in the load other processes put on the machine hits both sides alike, and the
median of those per-round ratios is reported. The ratios survive machine noise; the absolute
figures are only indicative.
"""

from __future__ import annotations

import itertools
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import reference
from service import engine, output, pdf
from service.errors import RedactionIncomplete
from service.options import ENTITY_TYPES, ScanOptions

NER_TYPES = ("PERSON", "ORGANIZATION", "LOCATION")
STRUCTURED = tuple(t for t in ENTITY_TYPES if t not in NER_TYPES)
TIERS: dict[str, ScanOptions] = {
    "accurate": ScanOptions(profile="accurate"),
    "structured": ScanOptions(entities=STRUCTURED),
    "fast": ScanOptions(profile="fast"),
}
STAGES = ("extract", "recognizers", "ner", "geometry")
BUDGET_STAGES = ("extract", "recognizers", "geometry")  # issue 2: together <= 15 % of NER
BUDGET_LIMIT = 0.15
REFERENCES = ("a2", "a", "b")
TIER_SKIPS = {"structured": ("ner",)}  # stages a tier does not run (their timings are ~0)


@dataclass
class TierRun:
    seconds: float  # wall time of scan_range
    stages: dict[str, float]  # seconds per stage, summed over pages (PageResult.timings)
    findings: int
    output_seconds: float | None = None  # write_output(..., "redact"), when measured
    output_error: str | None = None  # the output stage raised (still timed up to the raise)


@dataclass
class SizePlan:
    path: Path
    pages: int
    tiers: Sequence[str]
    refs: Sequence[str]
    ref_pages: int
    rounds: int
    with_output: bool = True


@dataclass
class SizeRuns:
    plan: SizePlan
    chars: int  # extracted characters of the whole document
    ref_chars: int  # of the reference slice
    tier_runs: dict[str, list[TierRun]] = field(default_factory=dict)
    ref_seconds: dict[str, list[float]] = field(default_factory=dict)


def page_texts(path: Path, first: int, last: int) -> list[str]:
    """The engine's extracted text per page: the references read exactly what the engine reads."""
    doc = pdf.open_pdf(path)
    try:
        return [pdf.extract_page(doc, n).text for n in range(first, last + 1)]
    finally:
        doc.close()


def run_tier(path: Path, options: ScanOptions, with_output: bool) -> TierRun:
    t0 = time.perf_counter()
    results = engine.scan_range(path, options)
    seconds = time.perf_counter() - t0
    stages = dict.fromkeys(STAGES, 0.0)
    for r in results:
        for k, v in r.timings.items():
            stages[k] = stages.get(k, 0.0) + v
    findings = [f for r in results for f in r.findings]
    run = TierRun(seconds, stages, len(findings))
    if with_output:
        fd, out = tempfile.mkstemp(suffix=".pdf", prefix="bench-redact-")
        os.close(fd)
        t1 = time.perf_counter()
        try:
            output.write_output(path, out, findings, "redact")
        except RedactionIncomplete as exc:
            # Raised by the final verification, i.e. after all the work: the time is still the
            # stage's cost, and the failure is reported beside it rather than ending the bench.
            run.output_error = f"{type(exc).__name__}: {exc}"
        finally:
            run.output_seconds = time.perf_counter() - t1
            Path(out).unlink(missing_ok=True)
    return run


def run_reference(name: str, path: Path, texts: list[str]) -> float:
    t0 = time.perf_counter()
    if name == "a2":
        reference.run_spacy(reference.shipped_ner(), texts)
    elif name == "a":
        reference.run_spacy(reference.shipped(), texts)
    elif name == "b":
        reference.run_presidio(path, 1, len(texts))
    else:
        raise ValueError(f"unknown reference {name!r}")
    return time.perf_counter() - t0


def measure(plan: SizePlan) -> SizeRuns:
    """B (A B) x rounds: every engine run (A) sits between two reference runs (B)."""
    texts = page_texts(plan.path, 1, plan.pages)
    ref_texts = texts[: plan.ref_pages]
    runs = SizeRuns(plan, sum(map(len, texts)), sum(map(len, ref_texts)))

    def side_b() -> None:
        for ref in plan.refs:
            runs.ref_seconds.setdefault(ref, []).append(run_reference(ref, plan.path, ref_texts))

    side_b()
    for rnd in range(plan.rounds):
        for tier in plan.tiers:
            # Output is measured once per size, for one tier (it is the same code whatever
            # tier found the spans; only the number of findings differs).
            with_output = plan.with_output and rnd == 0 and tier == plan.tiers[0]
            runs.tier_runs.setdefault(tier, []).append(
                run_tier(plan.path, TIERS[tier], with_output)
            )
        side_b()
    return runs


def _rate(amount: float, seconds: float) -> float | None:
    return amount / seconds if seconds > 0 else None


def _median(values: Sequence[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def summarize(runs: SizeRuns) -> dict[str, Any]:
    """Per-tier throughput and stage rates, each with its median per-round ratio to the refs."""
    plan = runs.plan
    ref_cps = {  # chars/s of each reference per round: the mean of the runs bracketing it
        ref: [2 * runs.ref_chars / (a + b) for a, b in itertools.pairwise(secs)]
        for ref, secs in runs.ref_seconds.items()
    }
    out: dict[str, Any] = {
        "pages": plan.pages,
        "chars": runs.chars,
        "rounds": plan.rounds,
        "ref_pages": plan.ref_pages,
        "ref_chars": runs.ref_chars,
        "identical_text": plan.ref_pages >= plan.pages,
        "references": {
            ref: {
                "chars_per_s": _median([runs.ref_chars / s for s in secs]),
                "pages_per_s": _median([plan.ref_pages / s for s in secs]),
                "runs": len(secs),
            }
            for ref, secs in runs.ref_seconds.items()
        },
        "tiers": {},
    }

    def ratios(per_round_cps: list[float | None]) -> dict[str, float | None]:
        return {
            ref: _median(
                [e / r if e is not None else None for e, r in zip(per_round_cps, cps, strict=True)]
            )
            for ref, cps in ref_cps.items()
        }

    for tier, tier_runs in runs.tier_runs.items():
        cps = [_rate(runs.chars, r.seconds) for r in tier_runs]
        stages: dict[str, Any] = {}
        for stage in tier_runs[0].stages:
            if stage in TIER_SKIPS.get(tier, ()):
                continue
            secs = [r.stages.get(stage, 0.0) for r in tier_runs]
            stage_cps = [_rate(runs.chars, s) for s in secs]
            stages[stage] = {
                "seconds": _median(secs),
                "pages_per_s": _median([_rate(plan.pages, s) for s in secs]),
                "chars_per_s": _median(stage_cps),
                "ratio": ratios(stage_cps),
            }
        outs = [r.output_seconds for r in tier_runs if r.output_seconds is not None]
        out_errors = [r.output_error for r in tier_runs if r.output_error]
        if outs:
            # Measured once: its ratio uses the references of that same (first) round.
            out_cps = [_rate(runs.chars, outs[0])] + [None] * (len(tier_runs) - 1)
            stages["output"] = {
                "seconds": outs[0],
                "pages_per_s": _rate(plan.pages, outs[0]),
                "chars_per_s": out_cps[0],
                "ratio": ratios(out_cps),
                "error": out_errors[0] if out_errors else None,
            }
        entry: dict[str, Any] = {
            "seconds": _median([r.seconds for r in tier_runs]),
            "pages_per_s": _median([_rate(plan.pages, r.seconds) for r in tier_runs]),
            "chars_per_s": _median(cps),
            "ratio": ratios(cps),
            "findings": tier_runs[0].findings,
            "stages": stages,
        }
        if tier == "accurate":
            fractions = [
                sum(r.stages.get(s, 0.0) for s in BUDGET_STAGES) / r.stages["ner"]
                for r in tier_runs
                if r.stages.get("ner")
            ]
            frac = _median(fractions)
            entry["budget"] = {
                "non_ner_over_ner": frac,
                "limit": BUDGET_LIMIT,
                "pass": frac is not None and frac <= BUDGET_LIMIT,
            }
        out["tiers"][tier] = entry
    return out
