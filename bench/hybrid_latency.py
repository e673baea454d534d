"""The hybrid ranker on a big corpus: answer time from a cold vector store, then warm, against the
lexical ranker on the same index.

Run: python -m bench.hybrid_latency [--size 1m] [--sample 100]

The corpus and its tantivy index are those of `python -m bench.run` (made here if missing),
in bench/out/data/SIZE. Cold: each question's candidates are embedded when first ranked, the
vector store starting empty; warm: the same questions again, their vectors kept.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path
from typing import Any

from bench.generate import make_questions
from bench.run import ROOT, generate, parse_size
from index import Engine, EngineSettings
from index.semantic import load_encoder
from index.semantic.vectors import store_path


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 2),
    }


def _timed(engine: Engine, questions: list[str]) -> list[float]:
    times = []
    for question in questions:
        start = time.perf_counter()
        engine.ask(question)
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(data: Path, sample: int) -> dict[str, Any]:
    """Return lexical, cold and warm hybrid answer latencies over `sample` questions."""
    corpus, cache = data / "corpus", data / "cache"
    questions = make_questions(sample)
    lexical = Engine.open(corpus, cache, "tantivy", EngineSettings(ranker="lexical"))
    lexical.ask(questions[0])
    result: dict[str, Any] = {"sentences": len(lexical.data.sentences)}
    result["lexical"] = _summary(_timed(lexical, questions))
    store_path(cache, load_encoder()).unlink(missing_ok=True)
    hybrid = Engine.open(corpus, cache, "tantivy", EngineSettings(ranker="hybrid"))
    result["hybrid_cold"] = _summary(_timed(hybrid, questions))
    result["hybrid_warm"] = _summary(_timed(hybrid, questions))
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> None:
    """Print the figures as one JSON object and keep them in bench/results/hybrid-SIZE.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="1m")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "data")
    options = parser.parse_args()
    data = options.data / options.size
    generate(data / "corpus", parse_size(options.size))
    result = measure(data, options.sample)
    out = ROOT / "bench" / "results" / f"hybrid-{options.size}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
