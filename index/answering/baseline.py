"""The naive baseline's answers: the backend's best sentences as they rank, with no checks."""

from __future__ import annotations

from index.answering.answers import NO_QUESTION, NO_WORDS
from index.answering.citing import answer_at
from index.answering.conversation import Conversation
from index.answering.question import clean_question
from index.models import Answer, Article, Reply
from index.search.naive import NaiveBackend, naive_query
from index.store.cache import IndexData


class BaselineAnswerer:
    """Answers with the naive backend's top sentences: no re-ranking, checks or follow-ups.

    It has no threshold: it abstains only when no sentence holds a word of the question, as
    plain BM25 then finds nothing. A conversation is ignored.
    """

    def __init__(self, data: IndexData, backend: NaiveBackend) -> None:
        self.data = data
        self.backend = backend
        self._articles: dict[str, Article] = {a.id: a for a in data.articles}

    def ask(self, question: str, conversation: Conversation | None = None, top: int = 3) -> Reply:
        """Return the `top` sentences with the highest BM25 score, cited."""
        cleaned = clean_question(question)
        if not cleaned:
            return Reply(question=question, abstained=True, notice=NO_QUESTION)
        query = naive_query(cleaned)
        hits = self.backend.search(query, top) if query else []
        if not hits:
            return Reply(question=question, abstained=True, notice=None if query else NO_WORDS)
        asked = {term.term for term in query}
        answers = tuple(self._answer(hit.position, hit.score, asked) for hit in hits)
        return Reply(question=question, abstained=False, answers=answers)

    def _answer(self, position: int, score: float, asked: set[str]) -> Answer:
        matched = dict.fromkeys(word for word in self.backend.words[position] if word in asked)
        return answer_at(self.data, self._articles, position, score, tuple(matched))
