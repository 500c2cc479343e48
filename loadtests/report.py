"""The run's report: `<out>/<timestamp>.json` (everything) and `<out>/<timestamp>.md` (tables)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _verdict(passed: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "–"}[passed]


def _headline(s: dict[str, Any]) -> str:
    """The scenario's own figure for the Result column."""
    if "exception" in s:
        return f"error: {s['exception'][:120]}"
    name = s["name"]
    if name == "upload":
        return f"{_fmt(s['mb_per_s'])} MB/s, web RSS +{_fmt(s['rss_rise_mb'])} MB (peak)"
    if name == "first_finding":
        return f"{_fmt(s['first_finding_s'], 3)} s to first finding (worst of 2)"
    if name == "e2e_vs_engine":
        return (
            f"service {s['service_pages_per_s']} p/s vs engine {s['engine_pages_per_s']} p/s: "
            f"ratio {_fmt(s['ratio'], 3)}; reference {s.get('reference_pages_per_s')} p/s: "
            f"service {_fmt(s.get('vs_reference'), 2)}x"
        )
    if name == "soak":
        g = s["rss_growth"]
        return (
            f"{_fmt(s.get('requests'))} requests; RSS growth web {g['web_mb']} MB, "
            f"workers {g['workers_mb']} MB"
        )
    return f"{_fmt(s.get('requests'))} requests"


def _errors(s: dict[str, Any]) -> str:
    errors = s.get("errors") or {}
    return ", ".join(f"{k}: {v}" for k, v in errors.items()) or "0"


def _shed(s: dict[str, Any]) -> str:
    shed = s.get("shed_503") or {}
    return ", ".join(f"{k}: {v}" for k, v in shed.items()) or "0"


def _settings(meta: dict[str, Any]) -> str:
    given = meta.get("settings") or {"warm_profiles": meta["warm_profiles"]}
    return ", ".join(f"`{k}={v}`" for k, v in given.items())


def markdown(report: dict[str, Any]) -> str:
    meta = report["meta"]
    lines = [
        f"# Load test {meta['timestamp']}",
        "",
        f"commit `{meta['commit']}` · {meta['cpus']} CPUs · load average at start "
        f"{meta['loadavg_start']} · server workers {meta['workers']} · "
        f"server settings {_settings(meta)} · duration {meta['duration']} s · "
        f"total {meta['total_seconds']} s",
        "",
        "| scenario | target | result | RPS | p50 ms | p95 ms | p99 ms | errors "
        "| 503 shed/retried | verdict |",
        "|---|---|---|---:|---:|---:|---:|---|---|---|",
    ]
    for s in report["scenarios"]:
        lines.append(
            f"| {s['name']} | {s['target']} | {_headline(s)} | {_fmt(s.get('rps'))} | "
            f"{_fmt(s.get('p50_ms'))} | {_fmt(s.get('p95_ms'))} | {_fmt(s.get('p99_ms'))} | "
            f"{_errors(s)} | {_shed(s)} | {_verdict(s.get('passed'))} |"
        )
    lines += [
        "",
        "## Per endpoint",
        "",
        "| scenario | endpoint | requests | failures | RPS | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in report["scenarios"]:
        for name, e in (s.get("endpoints") or {}).items():
            if name == "Aggregated":
                continue
            lines.append(
                f"| {s['name']} | `{name}` | {_fmt(e.get('requests'))} | "
                f"{_fmt(e.get('failures'))} | "
                f"{_fmt(e.get('rps'))} | {_fmt(e.get('p50_ms'))} | {_fmt(e.get('p95_ms'))} | "
                f"{_fmt(e.get('p99_ms'))} | {_fmt(e.get('max_ms'))} |"
            )
    lines += [
        "",
        "## RSS (MB) before → after each scenario",
        "",
        "| scenario | web | workers (pid: before → after) |",
        "|---|---|---|",
    ]
    for s in report["scenarios"]:
        b, a = s["rss_before"], s["rss_after"]
        pids = sorted(set(b["workers_mb"]) | set(a["workers_mb"]))
        workers = ", ".join(
            f"{pid}: {_fmt(b['workers_mb'].get(pid))} → {_fmt(a['workers_mb'].get(pid))}"
            for pid in pids
        )
        lines.append(f"| {s['name']} | {_fmt(b['web_mb'])} → {_fmt(a['web_mb'])} | {workers} |")
    mem = report["memory"]
    lines += [
        "",
        f"Largest worker RSS seen: {_fmt(mem['max_worker_mb'])} MB (target ≤ 700 MB: "
        f"{_verdict(mem['worker_within_700mb'])}).",
        "",
        "## Notes",
        "",
    ]
    for s in report["scenarios"]:
        for note in s.get("notes", []):
            lines.append(f"- {s['name']}: {note}")
        if "exception" in s:
            lines.append(f"- {s['name']}: **{s['exception']}** (traceback in the JSON)")
    return "\n".join(lines) + "\n"


def write(report: dict[str, Any], out: Path, stamp: str) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / f"{stamp}.json", out / f"{stamp}.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text(markdown(report))
    return json_path, md_path
