"""Rendering the benchmark report (the dict `bench_engine` builds) as Markdown."""

from __future__ import annotations

from typing import Any

REF_LABELS = {
    "a2": "(a2) as-shipped ja_ginza, tok2vec+ner only, thinc default ops (blis)",
    "a": "(a) as-shipped ja_ginza, `spacy.load` with every component",
    "b": "(b) Presidio AnalyzerEngine on ja_ginza + `page.search_for` per hit",
}
STAGE_ORDER = ("extract", "recognizers", "ner", "geometry", "output")
_OUTPUT_RAISED = (
    "⚠ output stage raised in its verification pass (timed up to the raise: redaction and "
    "save done, verification stopped at the first failing page):"
)


def _num(v: float | None, digits: int = 0) -> str:
    if v is None:
        return "—"
    return f"{v:,.{digits}f}"


def _ratio(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.3g}×" if v < 1000 else f"{v:,.0f}×"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def _meta(meta: dict[str, Any]) -> list[str]:
    pin = (
        "BLAS pinned to 1 thread per process (threadpoolctl) for every run: engine, references "
        "and pool workers alike."
        if meta["blas_pinned"]
        else "BLAS threads NOT pinned."
    )
    return [
        f"- {pin} In force: {meta['blas_libraries'] or 'none found'}; thinc's bundled blis "
        "is not visible to threadpoolctl and runs single-threaded by default.",
        f"- Machine: {meta['cpus']} CPUs (shared), load average {meta['load_start']} at start, "
        f"{meta['load_end']} at end; total bench time {meta['wall_seconds']:.0f} s.",
        f"- Versions: {meta['versions']}.",
        "- Ratios: every engine run sits between two runs of each reference (B A B A B …); "
        "each run's ratio is against the mean of its two neighbours, and the median over "
        "rounds is reported. Absolute rates are indicative only on this shared machine.",
        "- chars/s always counts the engine's extracted characters of the pages processed, for "
        "the references too, so a ratio compares identical pages; (b) is timed including its "
        "own `get_text` and `search_for`, (a)/(a2) on the model call alone.",
        f"- Documents: generated Japanese A4 pages (seed {meta['seed']}), every size a prefix "
        "of the larger ones; references run on the first `ref pages` pages of the same "
        "document (identical text when ref pages = pages).",
    ]


def render(report: dict[str, Any]) -> str:
    refs = report["refs"]
    out = ["# presidio-pdf engine benchmark", "", *_meta(report["meta"]), ""]
    out += ["References:", *[f"- {REF_LABELS[r]}" for r in refs], ""]

    out += ["## Throughput: whole scan, engine ÷ reference (chars/s ratio)", ""]
    rows = []
    for size in report["sizes"]:
        ref_text = "same" if size["identical_text"] else f"first {size['ref_pages']}"
        for tier, t in size["tiers"].items():
            rows.append(
                [str(size["pages"]), tier, str(size["rounds"]), ref_text]
                + [_num(t["pages_per_s"], 2), _num(t["chars_per_s"])]
                + [_ratio(t["ratio"].get(r)) for r in refs]
                + [str(t["findings"])]
            )
    head = ["pages", "tier", "rounds", "ref text", "pages/s", "chars/s"]
    out += _table(head + [f"× ({r})" for r in refs] + ["findings"], rows)

    out += ["", "## References (on the ref slice)", ""]
    rows = []
    for size in report["sizes"]:
        cells = [str(size["pages"]), str(size["ref_pages"]), _num(size["ref_chars"])]
        for r in refs:
            ref = size["references"].get(r, {})
            cells.append(f"{_num(ref.get('chars_per_s'))} ({_num(ref.get('pages_per_s'), 2)})")
        rows.append(cells)
    out += _table(
        ["pages", "ref pages", "ref chars"] + [f"({r}) chars/s (pages/s)" for r in refs], rows
    )

    out += ["", "## Stages: chars/s (× (a2) chars/s of the same round)", ""]
    out.append(
        "`ner` is GiNZA in the accurate tier, Sudachi's dictionary in the fast tier, skipped "
        "(entities filter) in the structured tier; `extract` includes NFKC normalisation; "
        "`geometry` includes overlap resolution; `output` is a redaction with verification, "
        "measured once per size on the first tier of the row group."
    )
    out.append("")
    rows, errors = [], []
    for size in report["sizes"]:
        for tier, t in size["tiers"].items():
            cells = [str(size["pages"]), tier]
            for stage in STAGE_ORDER:
                st = t["stages"].get(stage)
                if not st or not st["seconds"]:
                    cells.append("—")
                    continue
                mark = " ⚠" if st.get("error") else ""
                cells.append(f"{_num(st['chars_per_s'])} ({_ratio(st['ratio'].get('a2'))}){mark}")
                if st.get("error"):
                    errors.append(f"- {size['pages']} pages, {tier}: {st['error']}")
            rows.append(cells)
    out += _table(["pages", "tier", *STAGE_ORDER], rows)
    if errors:
        out += ["", _OUTPUT_RAISED]
        out += errors

    budget = report.get("budget")
    if budget:
        out += ["", "## Issue-2 budget: (extract + recognizers + geometry) ≤ 15 % of NER time", ""]
        rows = [
            [
                str(b["pages"]),
                f"{b['non_ner_over_ner'] * 100:.1f} %",
                "PASS" if b["pass"] else "FAIL",
            ]
            for b in budget["rows"]
        ]
        out += _table(["pages", "non-NER ÷ NER", "verdict"], rows)
        out += [
            "",
            f"**Budget {'PASS' if budget['pass'] else 'FAIL'}** "
            f"(verdict on the {budget['pages']}-page document)",
        ]

    unpinned = report.get("unpinned")
    if unpinned:
        out += ["", "## Unpinned BLAS (one round, same text)", ""]
        out.append(
            f"accurate engine {_num(unpinned['engine_chars_per_s'])} chars/s, (a2) "
            f"{_num(unpinned['a2_chars_per_s'])} chars/s: ratio {_ratio(unpinned['ratio'])} "
            f"on {unpinned['pages']} pages"
        )

    sc = report.get("scaling")
    if sc:
        out += ["", "## 2-process scaling (engine, accurate tier)", ""]
        out += _table(
            ["pages", "chunks", "1 proc pages/s", "2 procs pages/s", "speed-up", "target"],
            [
                [
                    str(sc["pages"]),
                    f"{sc['chunks']}×{sc['chunk_pages']}",
                    _num(sc["pages_per_s_1"], 2),
                    _num(sc["pages_per_s_2"], 2),
                    _ratio(sc["speedup"]),
                    "≥ 1.8×",
                ]
            ],
        )
        out.append(
            f"\n{sc['start_method']} pools with a warming initializer (startup "
            f"{sc['pool_startup_seconds']:.0f} s, not timed); {sc['rounds']} round(s), "
            f"identical findings in both: {sc['same_findings']}. CPU obtained (worker CPU s ÷ "
            f"wall s): {sc['cores_obtained_1']:.2f} cores with 1 process, "
            f"{sc['cores_obtained_2']:.2f} with 2 — the speed-up cannot exceed what the shared "
            "machine gave."
        )

    prof = report.get("profile")
    if prof:
        out += ["", f"## Profile ({prof['pages']} pages, accurate + redaction, pyinstrument)", ""]
        out.append(
            f"Reports in `{prof['dir']}`. Time per stage (engine timers in the profiled run; "
            f"total {prof['seconds']:.1f} s):"
        )
        out.append("")
        out += _table(
            ["stage", "s", "share"],
            [
                [k, f"{v['seconds']:.2f}", f"{(v['share'] or 0) * 100:.0f} %"]
                for k, v in sorted(prof["stages"].items(), key=lambda kv: -kv[1]["seconds"])
            ],
        )
        out += ["", "Top functions by self time:", ""]
        out += _table(
            ["s", "function", "where"],
            [[f"{r['seconds']:.2f}", f"`{r['function']}`", r["where"]] for r in prof["top_self"]],
        )
    return "\n".join(out) + "\n"
