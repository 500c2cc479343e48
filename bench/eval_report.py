"""Markdown / JSON / console rendering of evaluation results."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from bench.eval_fields import FileResult
from bench.eval_metrics import Counts, Miss
from bench.eval_run import DatasetResult


def _row(dataset: str, etype: str, c: Counts) -> str:
    p, r, f = c.overlap_prf()
    ep, er, ef = c.exact_prf()
    return (
        f"| {dataset} | {etype} | {c.gold} | {c.pred} | {p:.3f} | {r:.3f} | {f:.3f} "
        f"| {ep:.3f} | {er:.3f} | {ef:.3f} |"
    )


def scores_table(results: list[DatasetResult]) -> str:
    lines = [
        "| dataset | entity type | gold | findings | P | R | F1 | exact P | exact R | exact F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for res in results:
        for etype in res.scored:
            c = res.counts.get(etype, Counts())
            if c.gold or c.pred:
                lines.append(_row(res.name, etype, c))
        lines.append(_row(res.name, "**all (micro)**", res.total()))
    return "\n".join(lines)


def run_table(results: list[DatasetResult]) -> str:
    lines = [
        "| dataset | sentences | not aligned | pages | text chars | scan s | chars/s "
        "| findings outside sentences | unscored findings |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        unscored = ", ".join(f"{k} {v}" for k, v in r.unscored.most_common()) or "-"
        rate = r.chars / r.seconds if r.seconds else 0.0
        lines.append(
            f"| {r.name} | {r.sentences} | {len(r.unaligned)} | {r.pages} | {r.chars} "
            f"| {r.seconds:.1f} | {rate:,.0f} | {r.outside} | {unscored} |"
        )
    return "\n".join(lines)


def variants_table(results: list[DatasetResult]) -> str:
    """Recall of the synthetic set per written variant: plain, full-width, wrapped mid-value."""
    names = sorted({v for r in results for _, v in r.variants})
    if not names:
        return ""
    lines = [
        "| dataset | entity type | " + " | ".join(f"R {n}" for n in names) + " |",
        "|---|---|" + "---:|" * len(names),
    ]
    for r in results:
        for etype in r.scored:
            cells = []
            for n in names:
                gold, found = r.variants.get((etype, n), [0, 0])
                cells.append(f"{found / gold:.2f} ({found}/{gold})" if gold else "-")
            if any(c != "-" for c in cells):
                lines.append(f"| {r.name} | {etype} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def fields_table(files: list[FileResult]) -> str:
    lines = [
        "| file | values in text | found | recall | absent from text | missed (coverage) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for f in files:
        missed = "; ".join(f"{c}:{v!r} ({cov:.0%})" for c, _, v, cov in f.missed) or "-"
        n = len(f.found) + len(f.missed)
        lines.append(
            f"| {f.name} | {n} | {len(f.found)} | {f.recall:.2f} | {len(f.absent)} | {missed} |"
        )
    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in files:
        for c, *_ in f.found:
            by_cat[c][0] += 1
            by_cat[c][1] += 1
        for c, *_ in f.missed:
            by_cat[c][1] += 1
    total = ", ".join(f"{c} {a}/{b}" for c, (a, b) in sorted(by_cat.items()))
    lines.append(f"| **per category** | | | | | {total} |")
    return "\n".join(lines)


def _group_key(dataset: str, m: Miss) -> str:
    if m.kind:  # synthetic: type:format:template:variant -> drop the template number
        kind = re.sub(r":t\d+:", ":", m.kind)
        return f"{dataset} {m.error} {kind}"
    cause = m.note.split(":")[0] if m.note.startswith("covered by") else m.note or "-"
    return f"{dataset} {m.error} {m.entity_type} ({cause})"


def misses_markdown(results: list[DatasetResult], per_group: int = 3, groups: int = 40) -> str:
    grouped: dict[str, list[Miss]] = defaultdict(list)
    for res in results:
        for m in res.misses:
            grouped[_group_key(res.name, m)].append(m)
    out = []
    for key, items in sorted(grouped.items(), key=lambda kv: -len(kv[1]))[:groups]:
        out.append(f"- **{key}**: {len(items)}")
        for m in items[:per_group]:
            note = f" — {m.note}" if m.note else ""
            out.append(f"  - `{m.text}` in 「{m.sentence[:90]}」{note}")
    return "\n".join(out)


def markdown(results: list[DatasetResult], files: list[FileResult], header: str) -> str:
    parts = [header, "", scores_table(results), "", run_table(results)]
    if variants := variants_table(results):
        parts += ["", "Synthetic set, recall per written variant:", "", variants]
    if files:
        parts += ["", "Field-value recall on `pdfs/ja_pii/`:", "", fields_table(files)]
    parts += ["", "Errors by cause (largest groups):", "", misses_markdown(results)]
    return "\n".join(parts) + "\n"


def to_json(results: list[DatasetResult], files: list[FileResult], meta: dict[str, Any]) -> dict:
    def counts(c: Counts) -> dict[str, Any]:
        p, r, f = c.overlap_prf()
        ep, er, ef = c.exact_prf()
        return {
            "gold": c.gold,
            "findings": c.pred,
            "overlap": {"precision": p, "recall": r, "f1": f},
            "exact": {"precision": ep, "recall": er, "f1": ef},
        }

    return {
        "meta": meta,
        "datasets": {
            r.name: {
                "types": {t: counts(r.counts.get(t, Counts())) for t in r.scored},
                "all": counts(r.total()),
                "sentences": r.sentences,
                "not_aligned": len(r.unaligned),
                "not_aligned_examples": r.unaligned[:10],
                "pages": r.pages,
                "text_chars": r.chars,
                "scan_seconds": r.seconds,
                "unscored_findings": dict(r.unscored),
                "recall_by_variant": {f"{t}:{v}": n for (t, v), n in r.variants.items()},
                "errors": [_miss(m) for m in r.misses],
            }
            for r in results
        },
        "field_values": {
            f.name: {
                "recall": f.recall,
                "found": f.found,
                "missed": f.missed,
                "absent": f.absent,
            }
            for f in files
        },
    }


def _miss(m: Miss) -> dict[str, str]:
    return {k: getattr(m, k) for k in Miss.__slots__}
