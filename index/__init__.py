"""citeqa's library: cited answers from a sentence-level BM25 index over news articles."""

from index.answering.conversation import Conversation
from index.answering.settings import AnswerSettings
from index.engine import ENGINES, Engine, EngineSettings
from index.errors import (
    BackendError,
    CiteqaError,
    CorpusError,
    IndexFormatError,
    QuestionSetError,
)
from index.models import Answer, Article, Hit, Reply, Sentence
from index.text.analyzer import Analyzer, AnalyzerSettings

__all__ = [
    "ENGINES",
    "Analyzer",
    "AnalyzerSettings",
    "Answer",
    "AnswerSettings",
    "Article",
    "BackendError",
    "CiteqaError",
    "Conversation",
    "CorpusError",
    "Engine",
    "EngineSettings",
    "Hit",
    "IndexFormatError",
    "QuestionSetError",
    "Reply",
    "Sentence",
]
