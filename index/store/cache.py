"""The built index on disk: a folder of JSON, written atomically, keyed by corpus and settings."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from index.corpus.finding import CorpusPaths, corpus_paths
from index.errors import IndexFormatError
from index.models import Article, Sentence
from index.store.folders import staged_folder

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ARTICLES = "articles.json"
SENTENCES = "sentences.jsonl"


@dataclass(frozen=True)
class IndexData:
    """Everything an index holds: articles, sentences, their terms and answer features.

    The sequences are tuples when read from JSON, lazy column readers for a large index.
    """

    articles: tuple[Article, ...]
    sentences: Sequence[Sentence]
    terms: Sequence[tuple[str, ...]]
    features: Sequence[int]
    settings: dict[str, Any]


def cache_key(corpus_fingerprint: str, settings: dict[str, Any]) -> str:
    """Return the folder name for an index of this corpus built with these settings."""
    payload = json.dumps(
        {"format": FORMAT_VERSION, "corpus": corpus_fingerprint, "settings": settings},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def corpus_location(corpus: CorpusPaths) -> str | list[str]:
    """Return where a corpus is, for cache keys: its folder, or its folders, made absolute."""
    folders = [str(path.resolve()) for path in corpus_paths(corpus)]
    return folders[0] if len(folders) == 1 else folders


def library_folder(cache_dir: Path, corpus: CorpusPaths, settings: dict[str, Any]) -> Path:
    """Return where the large-corpus index of a corpus lives, by its folders and settings."""
    payload = json.dumps({"corpus": corpus_location(corpus), "settings": settings}, sort_keys=True)
    return cache_dir / f"library-{hashlib.sha256(payload.encode()).hexdigest()[:24]}"


def save_index(data: IndexData, folder: Path) -> None:
    """Write the index to `folder`, replacing what was there only once it is complete."""
    with staged_folder(folder) as staging:
        (staging / ARTICLES).write_text(
            json.dumps([asdict(a) for a in data.articles], ensure_ascii=False), encoding="utf-8"
        )
        with (staging / SENTENCES).open("w", encoding="utf-8") as out:
            for sentence, terms, features in zip(
                data.sentences, data.terms, data.features, strict=True
            ):
                record = asdict(sentence) | {"terms": list(terms), "features": features}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        manifest = {
            "format": FORMAT_VERSION,
            "settings": data.settings,
            "articles": len(data.articles),
            "sentences": len(data.sentences),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def load_index(folder: Path, settings: dict[str, Any]) -> IndexData:
    """Read an index folder; raise IndexFormatError if it is corrupt or built otherwise."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexFormatError(f"index in {folder} has format {manifest.get('format')}")
        if manifest.get("settings") != settings:
            raise IndexFormatError(f"index in {folder} was built with other settings")
        articles = tuple(
            Article(**item) for item in json.loads((folder / ARTICLES).read_text(encoding="utf-8"))
        )
        sentences: list[Sentence] = []
        terms: list[tuple[str, ...]] = []
        features: list[int] = []
        with (folder / SENTENCES).open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                terms.append(tuple(record.pop("terms")))
                features.append(int(record.pop("features")))
                sentences.append(Sentence(**record))
    except IndexFormatError:
        raise
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise IndexFormatError(f"index in {folder} cannot be read ({error})") from error
    if len(sentences) != manifest.get("sentences") or len(articles) != manifest.get("articles"):
        raise IndexFormatError(f"index in {folder} is incomplete")
    return IndexData(articles, tuple(sentences), tuple(terms), tuple(features), settings)
