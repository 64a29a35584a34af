"""The run's table: printed, kept in bench/results.json, and written into docs/performance.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "performance.md"


def query_range(found: dict) -> int | str | None:
    """The SQL queries a request cost, from a probe: one number, or ``low-high``."""
    low, high = found["queries"] or (None, None)
    return low if low == high else f"{low}-{high}"


def ratio(value: float, baseline: dict | None) -> float | None:
    if not baseline or not baseline["rps"]:
        return None
    return round(value / baseline["rps"], 3)


def table(results: dict) -> str:
    """Uncached first (what a reader meets after any curator's edit: the targets are judged on it), kept
    answers beside; then the baselines, the framework's floor and the wait after a write."""
    lines = [
        "| endpoint | uncached req/s | p50 ms | p95 ms | p99 ms | errors | queries/request | × raw "
        "| × naive DRF | kept: req/s | p95 ms | × raw |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def times(value):
        return "—" if value is None else f"{value:.2f}"

    for name, row in results["endpoints"].items():
        cold = row["uncached"]
        lines.append(
            f"| {name} | {cold['rps']:.0f} | {cold['p50_ms']:.1f} | {cold['p95_ms']:.1f} "
            f"| {cold['p99_ms']:.1f} "
            f"| {cold['errors']} | {row['queries_per_request']} "
            f"| {times(cold.get('ratio_to_raw'))} | {times(cold.get('ratio_to_naive_drf'))} "
            f"| {row['rps']:.0f} | {row['p95_ms']:.1f} | {times(row['ratio_to_raw'])} |"
        )
    lines.append("")
    lines.append("| baseline | " + " | ".join(name for name in results["baselines"]) + " |")
    lines.append("|---|" + "---:|" * len(results["baselines"]))
    for kind in ("raw", "naive_drf"):
        cells = []
        for name in results["baselines"]:
            measured = results["baselines"][name].get(kind)
            cells.append(f"{measured['rps']:.0f} req/s, p95 {measured['p95_ms']:.0f} ms" if measured else "—")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    if floor := results.get("framework_floor"):
        lines.append("")
        lines.append(
            f"Framework floor (the app's middleware and DRF view, no query, no kept answer): "
            f"{floor['rps']:.0f} req/s, p50 {floor['p50_ms']:.1f} ms, p95 {floor['p95_ms']:.1f} ms."
        )
    if waits := results.get("after_write"):
        lines.append("")
        slowest = max(waits, key=lambda name: waits[name]["max_ms"])
        lines.append(
            f"After a curator's write, a reader waits at most {waits[slowest]['max_ms'] / 1000:.2f} s "
            f"for a first answer ({slowest}); by endpoint, median / max ms: "
            + ", ".join(f"{name} {wait['p50_ms']:.0f} / {wait['max_ms']:.0f}" for name, wait in waits.items())
            + "."
        )
    return "\n".join(lines)


def write_docs(results: dict) -> None:
    """Replace the table between the markers of docs/performance.md with this run's."""
    text = DOCS.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    dataset = ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in results["dataset"].items())
    block = (
        f"{start}\n"
        f"Produced by `{results['command']}` on {results['date']}: {results['cpu_count']} CPUs, "
        f"PostgreSQL {results['versions']['postgresql']}, {results['load']['connections']} connections, "
        f"{results['load']['duration_s']} s per endpoint, gunicorn {results['load']['workers']} workers. "
        f"Dataset (scale {results['scale']}, built in {results['build_seconds']:.0f} s): {dataset}.\n\n"
        f"{table(results)}\n{end}"
    )
    DOCS.write_text(re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S))
