"""The large-corpus benchmark: build, size, load, latency and memory per backend and size.

Run: python -m bench.run --sizes 10k,100k,1m   (writes bench/results/results.{md,json,png})
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bench.generate import CorpusGenerator, make_questions
from bench.report import write_plot, write_table

ROOT = Path(__file__).resolve().parent.parent
SHARD_ARTICLES = 2_000
BACKENDS = ("tantivy", "rank-bm25", "bm25s", "rank-bm25-rs")
logger = logging.getLogger(__name__)


def parse_size(text: str) -> int:
    """Read 10k, 1m or 2500 as a sentence count."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def generate(folder: Path, sentences: int, seed: int = 7) -> None:
    """Write the corpus as JSON Lines shards of SHARD_ARTICLES articles, once."""
    done = folder / ".complete"
    if done.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shards: dict[int, list[str]] = {}
    articles = CorpusGenerator(seed).articles(sentences)
    bar = tqdm(desc=f"generating {folder.parent.name}", disable=not sys.stderr.isatty())
    for number, article in enumerate(articles):
        lines = shards.setdefault(number // SHARD_ARTICLES, [])
        lines.append(json.dumps(article.__dict__, ensure_ascii=False) + "\n")
        if len(lines) == SHARD_ARTICLES:
            _write_shard(folder, number // SHARD_ARTICLES, shards.pop(number // SHARD_ARTICLES))
        bar.update()
    for shard, lines in shards.items():
        _write_shard(folder, shard, lines)
    bar.close()
    done.touch()


def _write_shard(folder: Path, number: int, lines: list[str]) -> None:
    (folder / f"part-{number:05d}.jsonl").write_text("".join(lines), encoding="utf-8")


def worker(name: str, data: Path, sample: int) -> dict[str, Any]:
    """Run one measurement in its own process and return what it printed."""
    logger.info("%s: %s", data.name, name)
    out = subprocess.run(
        [sys.executable, "-m", "bench.workers", name, str(data), str(sample)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def fresh_ask(data: Path, question: str, runs: int = 5) -> float:
    """Return the median wall time of `citeqa ask` as a new process on the built index."""
    command = [
        "citeqa",
        "--cache-dir",
        str(data / "cache"),
        "ask",
        "--engine",
        "tantivy",
        "--ranker",
        "lexical",
        "--corpus",
        str(data / "corpus"),
        question,
    ]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_add(data: Path, articles: int = 1_000) -> float:
    """Time `citeqa add` of new articles to a copy of the built corpus and index."""
    from index import EngineSettings
    from index.store.cache import library_folder

    copy = data / "add-copy"
    shutil.rmtree(copy, ignore_errors=True)
    settings = EngineSettings().index_settings()
    shutil.copytree(data / "corpus", copy / "corpus")
    shutil.copytree(
        library_folder(data / "cache", data / "corpus", settings),
        library_folder(copy / "cache", copy / "corpus", settings),
    )
    extra = copy / "extra.jsonl"
    with extra.open("w") as out:
        for number, article in enumerate(CorpusGenerator(seed=99).articles(articles * 20)):
            if number == articles:
                break
            record = article.__dict__ | {"url": article.url.replace("news.", "extra.")}
            out.write(json.dumps(record) + "\n")
    command = [
        "citeqa",
        "--cache-dir",
        str(copy / "cache"),
        "add",
        str(extra),
        "--engine",
        "tantivy",
        "--ranker",
        "lexical",
        "--corpus",
        str(copy / "corpus"),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    shutil.rmtree(copy, ignore_errors=True)
    return elapsed


def sample_for(size: int) -> int:
    """How many questions the slow reference answers at this size (it is ~1.3 s each at 1M)."""
    return 1_000 if size <= 10_000 else 100 if size <= 100_000 else 25


def run_size(label: str, size: int, root: Path, backends: tuple[str, ...]) -> dict[str, Any]:
    """Measure every backend on one corpus size."""
    data = root / label
    generate(data / "corpus", size)
    questions = make_questions(1_000)
    (data / "questions.json").write_text(json.dumps(questions))
    sample = sample_for(size)
    result: dict[str, Any] = {"label": label, "size": size}
    result["tantivy-build"] = worker("tantivy-build", data, sample)
    for name in backends:
        result[name] = worker(name, data, sample)
    result["fresh_ask_s"] = fresh_ask(data, questions[0])
    result["add_1000_s"] = time_add(data)
    return result


def main() -> None:
    """Run the benchmark for the sizes asked and write the table and plot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "out" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    backends = tuple(b for b in args.backends.split(",") if b)
    results = []
    for label in args.sizes.split(","):
        results.append(run_size(label.strip(), parse_size(label), args.data, backends))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    write_table(results, args.out / "results.md")
    write_plot(results, args.out / "latency.png")
    print((args.out / "results.md").read_text())


if __name__ == "__main__":
    main()
