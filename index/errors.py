"""The errors the library raises; each message says what went wrong and how to fix it."""


class CiteqaError(Exception):
    """Base of every error citeqa raises on purpose."""


class CorpusError(CiteqaError):
    """The corpus folder is missing, empty or unusable."""


class IndexFormatError(CiteqaError):
    """A saved index cannot be read: it is corrupt, stale or from another version."""


class QuestionSetError(CiteqaError):
    """A question-set file is malformed; the message names the file and line."""


class BackendError(CiteqaError):
    """A search backend is unknown, unavailable or failed."""
