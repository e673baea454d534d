"""The retrieval model as a ranking signal: the encoder, sentence vectors and the hybrid ranker."""

from index.semantic.encoder import Encoder, ModelUnavailable, load_encoder
from index.semantic.opening import RANKERS, open_vectors
from index.semantic.ranker import HybridRanker, HybridRanking, HybridSettings
from index.semantic.vectors import SentenceVectors, VectorStore

__all__ = [
    "RANKERS",
    "Encoder",
    "HybridRanker",
    "HybridRanking",
    "HybridSettings",
    "ModelUnavailable",
    "SentenceVectors",
    "VectorStore",
    "load_encoder",
    "open_vectors",
]
