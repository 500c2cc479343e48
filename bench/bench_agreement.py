"""Do the accurate tier's speed levers change what NER finds? Measured, not assumed.

    .venv/bin/python -m bench.bench_agreement [--limit N] [--json out.json] [--markdown out.md]

On the evaluation corpus's Japanese sentences (stockmark Wikipedia NER, UD Japanese GSD dev,
the Faker person set), in one process and on the same texts:

- reference: `ja_ginza` as shipped (tok2vec + ner, thinc's blis ops, GiNZA's own tokenizer,
  every sentence), its entities mapped and cleaned exactly as the engine maps them
  (`service.ner.LABEL_MAP`, `_entity_span`);
- engine NER: `service.ner.ner_spans` (Sudachi-built docs, numpy gemm, name pre-filter).

"identical" counts reference PERSON/ORGANIZATION/LOCATION spans the engine's NER returns with
the same start, end and type; "covered" counts those that the accurate tier's final findings
(NER + Sudachi dictionary + recognizers, after overlap resolution) overlap with the same type,
i.e. what a user would see. chars/s of both NER paths come from the same run, so their ratio
survives machine noise. Texts are processed one per call, as pages are.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import eval_data, eval_synth, reference
from service import detect, engine, ner
from service.options import ScanOptions
from service.recognizers import default_recognizers

TYPES = ("PERSON", "ORGANIZATION", "LOCATION")
Key = tuple[int, int, str]


def _texts(corpus: Path, limit: int | None, seed: int) -> dict[str, list[str]]:
    _, person = eval_synth.build(seed=seed)  # the evaluation's own person set (same seed)
    sets = {
        "stockmark": eval_data.load_stockmark(corpus, limit),
        "ud_gsd_dev": eval_data.load_ud(corpus),
        "synth_ja_person": person,
    }
    return {name: [s.text for s in ds.samples] for name, ds in sets.items()}


def _reference(texts: list[str]) -> tuple[list[set[Key]], float]:
    nlp = reference.shipped_ner()
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    seconds = time.perf_counter() - started
    out = []
    for text, doc in zip(texts, docs, strict=True):
        keys = set()
        for ent in doc.ents:
            span = ner._entity_span(text, ent.label_, ent.start_char, ent.end_char)
            if span is not None:
                keys.add((span.start, span.end, span.entity_type))
        out.append(keys)
    return out, seconds


def _engine(texts: list[str]) -> tuple[list[set[Key]], float]:
    started = time.perf_counter()
    spans = ner.ner_spans(texts)
    seconds = time.perf_counter() - started
    return [{(s.start, s.end, s.entity_type) for s in x} for x in spans], seconds


def _tier(texts: list[str]) -> list[list[Key]]:
    """The accurate tier's final PERSON/ORGANIZATION/LOCATION findings on each text."""
    options = ScanOptions(profile="accurate", language="ja")
    recognizers = default_recognizers("ja")
    out = []
    nlp = engine._nlp_spans(texts, options)
    for text, nlp_spans in zip(texts, nlp, strict=True):
        candidates = [*detect.run_recognizers(text, recognizers), *nlp_spans]
        final = detect.finalize(text, candidates, options)
        out.append([(s.start, s.end, s.entity_type) for s in final if s.entity_type in TYPES])
    return out


def _covered(ref: Key, final: list[Key]) -> bool:
    return any(t == ref[2] and s < ref[1] and ref[0] < e for s, e, t in final)


def measure(name: str, texts: list[str]) -> dict[str, Any]:
    ref, ref_s = _reference(texts)
    ours, ours_s = _engine(texts)
    final = _tier(texts)
    per_type: dict[str, Counter[str]] = {t: Counter() for t in TYPES}
    for r, o, f in zip(ref, ours, final, strict=True):
        for key in r:
            c = per_type[key[2]]
            c["reference"] += 1
            c["identical"] += key in o
            c["covered"] += _covered(key, f)
        for key in o - r:
            per_type[key[2]]["extra"] += 1
    chars = sum(map(len, texts))
    total = sum((per_type[t] for t in TYPES), Counter())
    return {
        "dataset": name,
        "texts": len(texts),
        "chars": chars,
        "reference_chars_per_s": chars / ref_s,
        "engine_ner_chars_per_s": chars / ours_s,
        "speedup": ref_s / ours_s,
        "per_type": {t: dict(per_type[t]) for t in TYPES},
        "total": dict(total),
    }


def _frac(c: dict[str, int], key: str) -> str:
    n = c.get("reference", 0)
    return f"{c.get(key, 0) / n:.4f}" if n else "-"


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "| dataset | type | reference spans | identical | covered | extra in engine |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        rows = [*((t, r["per_type"][t]) for t in TYPES), ("**all**", r["total"])]
        for t, c in rows:
            lines.append(
                f"| {r['dataset']} | {t} | {c.get('reference', 0)} | {_frac(c, 'identical')} "
                f"| {_frac(c, 'covered')} | {c.get('extra', 0)} |"
            )
    lines += [
        "",
        "| dataset | texts | chars | as-shipped chars/s | engine NER chars/s | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['dataset']} | {r['texts']} | {r['chars']:,} | {r['reference_chars_per_s']:,.0f}"
            f" | {r['engine_ner_chars_per_s']:,.0f} | {r['speedup']:.2f}x |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_agreement", description=__doc__)
    ap.add_argument("--limit", type=int, default=600, help="stockmark sentences (default 600)")
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args(argv)
    corpus = Path(os.environ.get("PRESIDIO_PDF_CORPUS", eval_data.CORPUS))
    engine.warm(("accurate",))
    reference.run_spacy(reference.shipped_ner(), ["山田太郎は東京都に住む。"])
    results = []
    for name, texts in _texts(corpus, args.limit, args.seed).items():
        results.append(measure(name, texts))
        print(f"[{name}] done", file=sys.stderr)
    report = markdown(results)
    print(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
