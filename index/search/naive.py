"""The naive baseline: rank-bm25 over regex-split sentences of the raw text, `\\w+` tokens."""

from __future__ import annotations

import re

from rank_bm25 import BM25Okapi

from index.answering.conversation import Conversation
from index.corpus.finding import CorpusPaths, find_article_files
from index.corpus.reading import decode_article
from index.models import Answer, Article, Reply

_SPLIT = re.compile(r"(?<=[.!?])\s+")
_TOKEN = re.compile(r"\w+")


class NaiveEngine:
    """What plain BM25 gives with no cleaning, splitting, analysis or abstention."""

    name = "naive"

    def __init__(self, corpus: CorpusPaths) -> None:
        self._sentences: list[tuple[Article, int, int, str]] = []
        for item in find_article_files(corpus):
            if item.path.suffix not in (".txt", ".md"):
                continue  # the baseline reads plain text only
            text, _ = decode_article(item.path.read_bytes())
            article = Article(
                item.id, text.strip().splitlines()[0] if text.strip() else item.id, str(item.path)
            )
            lines = [line for line in text.splitlines() if line.strip()]
            pieces = [
                (paragraph, piece.strip())
                for paragraph, line in enumerate(lines, start=1)
                for piece in _SPLIT.split(line)
                if piece.strip()
            ]
            self._sentences.extend(
                (article, paragraph, number, piece)
                for number, (paragraph, piece) in enumerate(pieces, start=1)
            )
        self._bm25 = BM25Okapi([_TOKEN.findall(s.lower()) for *_, s in self._sentences])

    @property
    def articles(self) -> tuple[Article, ...]:
        """Return the articles read, in id order."""
        return tuple(dict.fromkeys(article for article, *_ in self._sentences))

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        """Return the top sentences by BM25 score; it never abstains, having no threshold."""
        tokens = _TOKEN.findall(question.lower())
        if not tokens:
            return Reply(question=question, abstained=True)
        scores = self._bm25.get_scores(tokens)
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:top]
        answers = tuple(
            Answer(
                text=self._sentences[i][3],
                score=round(float(scores[i]), 4),
                article=self._sentences[i][0],
                paragraph=self._sentences[i][1],
                sentence=self._sentences[i][2],
                sentence_in_paragraph=self._in_paragraph(i),
            )
            for i in order
        )
        return Reply(question=question, abstained=False, answers=answers)

    def _in_paragraph(self, position: int) -> int:
        place = self._sentences[position][:2]
        number = 1
        while position >= number and self._sentences[position - number][:2] == place:
            number += 1
        return number
