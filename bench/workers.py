"""One benchmark measurement per process (so peak memory is its own): build, load, latency.

Run by bench.run as: python -m bench.workers NAME DATA_DIR SAMPLE; prints one JSON object.
"""

from __future__ import annotations

import json
import logging
import resource
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index import Engine, EngineSettings
from index.corpus.finding import find_article_files
from index.search.backend import QueryTerm
from index.search.bm25_backend import RankBM25Backend
from index.store.analysis import analyse_files
from index.store.cache import library_folder
from index.store.library import create_library, source_state
from index.text.analyzer import Analyzer

logger = logging.getLogger(__name__)
TOP = 50

# The lexical ranker: these rows measure the search backends (bench/hybrid_latency.py the model).
LEXICAL = EngineSettings(ranker="lexical")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _latencies(run: Callable[[Any], object], items: Sequence[Any]) -> list[float]:
    times = []
    for item in items:
        start = time.perf_counter()
        run(item)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": float(np.percentile(ordered, 50)),
        "p99_ms": float(np.percentile(ordered, 99)),
        "queries": len(ordered),
    }


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _paths(data: Path) -> tuple[Path, Path, Path]:
    return data / "corpus", data / "cache", data / "terms.txt"


def _queries(data: Path) -> list[list[str]]:
    return [list(q) for q in json.loads((data / "queries.json").read_text())]


def _terms(data: Path) -> list[list[str]]:
    with (data / "terms.txt").open(encoding="utf-8") as lines:
        return [line.split() for line in lines]


def tantivy_build(data: Path, sample: int) -> dict[str, Any]:
    """Analyse the corpus (timed apart), then build the tantivy library from it."""
    corpus, cache, terms_path = _paths(data)
    settings = EngineSettings()
    files = find_article_files(corpus)
    start = time.perf_counter()
    analysed = [a for result in analyse_files(files, settings.analyzer) for a in result.articles]
    analysis_s = time.perf_counter() - start
    folder = library_folder(cache, corpus, settings.index_settings())
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    states = [source_state(item) for item in files]
    create_library(folder, settings.index_settings(), analysed, states)
    build_s = time.perf_counter() - start
    with terms_path.open("w", encoding="utf-8") as out:
        for article in analysed:
            out.writelines(" ".join(terms) + "\n" for terms in article.terms)
    analyzer = Analyzer(settings.analyzer)
    questions = json.loads((data / "questions.json").read_text())
    queries = [analyzer.question_terms(q) for q in questions]
    (data / "queries.json").write_text(json.dumps(queries))
    return {
        "analysis_s": analysis_s,
        "build_s": build_s,
        "index_bytes": _folder_bytes(folder),
        "sentences": sum(len(a.sentences) for a in analysed),
        "build_rss_mb": _rss_mb(),
    }


def tantivy(data: Path, sample: int) -> dict[str, Any]:
    """Open the built library as `citeqa` does; answer every question; search alone too."""
    corpus, cache, _ = _paths(data)
    start = time.perf_counter()
    engine = Engine.open(corpus, cache, "tantivy", LEXICAL)
    load_s = time.perf_counter() - start
    questions = json.loads((data / "questions.json").read_text())
    engine.ask(questions[0])
    answer = _latencies(engine.ask, questions)
    queries = [[QueryTerm(t, 1.0) for t in q] for q in _queries(data)]
    search = _latencies(lambda q: engine.backend.search(q, TOP), queries)
    return {
        "load_s": load_s,
        "answer": _summary(answer),
        "search": _summary(search),
        "rss_mb": _rss_mb(),
    }


def rank_bm25(data: Path, sample: int) -> dict[str, Any]:
    """The default backend over the same data: build, answers, and plain get_scores."""
    corpus, cache, _ = _paths(data)
    terms = _terms(data)
    start = time.perf_counter()
    backend = RankBM25Backend(terms)
    build_s = time.perf_counter() - start
    del terms
    library = Engine.open(corpus, cache, "tantivy", LEXICAL)
    engine = Engine(library.data, library.settings, library.opened, backend)
    questions = json.loads((data / "questions.json").read_text())[:sample]
    answer = _latencies(engine.ask, questions)
    queries = _queries(data)[:sample]
    search = _latencies(lambda q: backend.search([QueryTerm(t, 1.0) for t in q], TOP), queries)
    scores = _latencies(lambda q: np.argsort(-backend.get_scores(q))[:TOP], queries)
    return {
        "build_s": build_s,
        "answer": _summary(answer),
        "search": _summary(search),
        "get_scores": _summary(scores),
        "rss_mb": _rss_mb(),
    }


def bm25s_worker(data: Path, sample: int) -> dict[str, Any]:
    """bm25s (BM25+, its default Lucene idf): build, save, mmap load, top-50 retrieval."""
    import bm25s

    terms = _terms(data)
    start = time.perf_counter()
    retriever = bm25s.BM25(method="bm25+", k1=1.2, b=0.75, delta=1.0)
    retriever.index(terms, show_progress=False)
    build_s = time.perf_counter() - start
    folder = data / "bm25s"
    retriever.save(str(folder))
    del retriever, terms
    start = time.perf_counter()
    loaded = bm25s.BM25.load(str(folder), mmap=True)
    load_s = time.perf_counter() - start
    vocab = loaded.vocab_dict
    queries = [[vocab[t] for t in q if t in vocab] for q in _queries(data)]
    queries = [q for q in queries if q]

    def run(query: list[int]) -> object:
        return loaded.retrieve([query], k=TOP, show_progress=False, n_threads=1)

    search = _latencies(run, queries)
    return {
        "build_s": build_s,
        "load_s": load_s,
        "index_bytes": _folder_bytes(folder),
        "search": _summary(search),
        "rss_mb": _rss_mb(),
    }


def rank_bm25_rs(data: Path, sample: int) -> dict[str, Any]:
    """rank-bm25-rs's BM25Plus: build in memory, get_scores plus a top-50 partition."""
    import rank_bm25_rs

    terms = _terms(data)
    start = time.perf_counter()
    model = rank_bm25_rs.BM25Plus(terms)
    build_s = time.perf_counter() - start
    del terms

    def run(query: list[str]) -> object:
        scores = model.get_scores(query)
        return np.argpartition(-scores, TOP)[:TOP]

    search = _latencies(run, _queries(data)[: max(sample, 200)])
    return {"build_s": build_s, "search": _summary(search), "rss_mb": _rss_mb()}


WORKERS = {
    "tantivy-build": tantivy_build,
    "tantivy": tantivy,
    "rank-bm25": rank_bm25,
    "bm25s": bm25s_worker,
    "rank-bm25-rs": rank_bm25_rs,
}


if __name__ == "__main__":
    name, folder, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(WORKERS[name](folder, count)))
