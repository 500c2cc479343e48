"""Render one dataset to a PDF, scan it with the real engine, align and score it."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.eval_align import Placed, align_page, trim
from bench.eval_data import Dataset
from bench.eval_metrics import Counts, Miss, score_sentence
from bench.eval_render import render
from service import engine, pdf
from service.options import ScanOptions
from service.records import Finding


@dataclass(slots=True)
class DatasetResult:
    name: str
    scored: tuple[str, ...]
    counts: dict[str, Counts] = field(default_factory=dict)
    unscored: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)
    sentences: int = 0
    unaligned: list[str] = field(default_factory=list)
    outside: int = 0  # findings on no aligned sentence (e.g. on an unaligned one)
    # (entity type, generator variant) -> [gold, found]: recall per written form (synthetic)
    variants: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    pages: int = 0
    chars: int = 0
    seconds: float = 0.0

    def __repr__(self) -> str:  # the default one would print every error (pytest shows it)
        return f"DatasetResult({self.name!r}, {self.sentences} sentences)"

    def total(self) -> Counts:
        out = Counts()
        for c in self.counts.values():
            out.add(c)
        return out


def _owner(placed: list[Placed], start: int, end: int) -> Placed | None:
    best, best_len = None, 0
    for p in placed:
        inter = min(end, p.page_end) - max(start, p.page_start)
        if inter > best_len:
            best, best_len = p, inter
    return best


def evaluate_dataset(ds: Dataset, workdir: Path, options: ScanOptions) -> DatasetResult:
    path = workdir / f"{ds.name}.pdf"
    layout = render(ds.samples, path, ds.lang)
    res = DatasetResult(ds.name, ds.scored, sentences=len(ds.samples), pages=len(layout))
    t0 = time.perf_counter()
    pages = engine.scan_range(path, options)
    res.seconds = time.perf_counter() - t0
    doc = pdf.open_pdf(path)
    try:
        for page_result, indices in zip(pages, layout, strict=True):
            res.chars += page_result.text_chars
            text = pdf.extract_page(doc, page_result.page).text
            placed = align_page(text, ds.samples, indices)
            found = {p.index for p in placed}
            res.unaligned += [ds.samples[i].text for i in indices if i not in found]
            _score_page(res, ds, text, placed, page_result.findings)
    finally:
        doc.close()
    return res


def _score_page(
    res: DatasetResult, ds: Dataset, text: str, placed: list[Placed], findings: tuple[Finding, ...]
) -> None:
    preds: dict[int, list[tuple[int, int, str]]] = {p.index: [] for p in placed}
    for f in findings:
        start, end = trim(text, f.start, f.end)
        owner = _owner(placed, start, end)
        if owner is None:
            res.outside += 1
        else:
            preds[owner.index].append((start, end, f.entity_type))
    for p in placed:
        sample = ds.samples[p.index]
        gold = []
        for g in sample.gold:
            span = p.to_page(g.start, g.end)
            if span:
                gold.append((*span, g.entity_type))
        ignored = [s for s in (p.to_page(a, b) for a, b in sample.ignored) if s]
        sc = score_sentence(
            text, sample.text, sample.kind, gold, ignored, preds[p.index], ds.scored
        )
        for etype, c in sc.counts.items():
            res.counts.setdefault(etype, Counts()).add(c)
            if sample.kind and c.gold:
                tally = res.variants.setdefault((etype, sample.kind.rsplit(":", 1)[-1]), [0, 0])
                tally[0] += c.gold
                tally[1] += c.tp_gold
        res.unscored.update(sc.unscored)
        res.misses += sc.misses
