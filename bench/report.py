"""The benchmark's outputs: a Markdown table and a log-log plot of latency against corpus size."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

COLUMNS = (
    "sentences",
    "backend",
    "build s",
    "index MB",
    "load s",
    "answer p50 ms",
    "answer p99 ms",
    "search p50 ms",
    "search p99 ms",
    "peak RSS MB",
)


def _cell(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _rows(result: dict[str, Any]) -> list[list[str]]:
    size = f"{result['tantivy-build']['sentences']:,}"
    build = result["tantivy-build"]
    rows = []
    for name in ("tantivy", "rank-bm25", "bm25s", "rank-bm25-rs"):
        entry = result.get(name)
        if entry is None:
            continue
        answer = entry.get("answer", {})
        search = entry.get("search", {})
        index_bytes = build["index_bytes"] if name == "tantivy" else entry.get("index_bytes")
        rows.append(
            [
                size,
                name,
                _cell(build["build_s"] if name == "tantivy" else entry.get("build_s")),
                _cell(index_bytes / 2**20 if index_bytes else None, 1),
                _cell(entry.get("load_s")),
                _cell(answer.get("p50_ms")),
                _cell(answer.get("p99_ms")),
                _cell(search.get("p50_ms")),
                _cell(search.get("p99_ms")),
                _cell(entry.get("rss_mb"), 0),
            ]
        )
        if name == "rank-bm25" and "get_scores" in entry:
            scores = entry["get_scores"]
            rows.append(
                [
                    size,
                    "rank-bm25 get_scores (reference)",
                    "",
                    "",
                    "",
                    "",
                    "",
                    _cell(scores["p50_ms"]),
                    _cell(scores["p99_ms"]),
                    "",
                ]
            )
    return rows


def write_table(results: list[dict[str, Any]], path: Path) -> None:
    """Write the per-size, per-backend table and the headline figures as Markdown."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for result in results:
        lines += ["| " + " | ".join(row) + " |" for row in _rows(result)]
    lines += [
        "",
        "| sentences | analysis s (2 processes) | tantivy build s | "
        "citeqa ask, fresh process s | citeqa add 1,000 articles s | "
        "get_scores p50 / tantivy answer p50 |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        build = result["tantivy-build"]
        reference = result.get("rank-bm25", {}).get("get_scores", {}).get("p50_ms")
        answer = result.get("tantivy", {}).get("answer", {}).get("p50_ms")
        speedup = f"{reference / answer:,.0f}x" if reference and answer else "-"
        lines.append(
            f"| {build['sentences']:,} | {_cell(build['analysis_s'], 1)} | "
            f"{_cell(build['build_s'])} | {_cell(result.get('fresh_ask_s'))} | "
            f"{_cell(result.get('add_1000_s'))} | {speedup} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_plot(results: list[dict[str, Any]], path: Path) -> None:
    """Plot p50 latency (ms) against sentences, log-log, one line per backend and measure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = {
        "tantivy: answer (tokenise + search + citations)": ("tantivy", "answer", "o-"),
        "tantivy: search top-50": ("tantivy", "search", "o--"),
        "rank-bm25 backend: answer": ("rank-bm25", "answer", "s-"),
        "rank-bm25 get_scores (reference)": ("rank-bm25", "get_scores", "s:"),
        "bm25s: search top-50": ("bm25s", "search", "^--"),
        "rank-bm25-rs: get_scores + top-50": ("rank-bm25-rs", "search", "v--"),
    }
    figure, axes = plt.subplots(figsize=(8, 5.5), dpi=120)
    sizes = [r["tantivy-build"]["sentences"] for r in results]
    for label, (backend, measure, style) in series.items():
        points = [
            (size, r[backend][measure]["p50_ms"])
            for size, r in zip(sizes, results, strict=True)
            if measure in r.get(backend, {})
        ]
        if points:
            axes.plot(*zip(*points, strict=True), style, label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("sentences in the corpus")
    axes.set_ylabel("latency per question, p50 (ms)")
    axes.set_title("citeqa: question latency against corpus size (2-core machine)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
