"""Sending to Telegram within its rate limits, retrying what Telegram did not take."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

logger = logging.getLogger(__name__)

SEND_RETRIES = 6
"""How often one call is retried after a server error, a timeout or a dropped connection."""
RETRY_AFTER_RETRIES = 6
"""How often one call is retried after Telegram says "429 Too Many Requests, retry after N"."""


@dataclass
class Backoff:
    """Exponentially growing, jittered waits: about `first`, then twice that, up to `ceiling`."""

    first: float = 0.5
    ceiling: float = 30.0
    attempt: int = 0

    def next(self) -> float:
        """Return how long to wait before the next attempt, and count the attempt."""
        delay = min(self.ceiling, self.first * 2**self.attempt)
        self.attempt += 1
        return delay * random.uniform(0.5, 1.0)

    def reset(self) -> None:
        """Start again from the shortest wait, after a success."""
        self.attempt = 0


class PatientRateLimiter(AIORateLimiter):
    """PTB's AIORateLimiter, which also retries sends that failed on the way.

    A 429 with `retry_after` holds every send for that long, then retries (AIORateLimiter's
    own behaviour, up to RETRY_AFTER_RETRIES times). A 5xx answer, a timeout or a dropped
    connection is retried after a growing wait, up to SEND_RETRIES times. A 400 Bad Request,
    403 Forbidden or 401 is never retried: sending it again would fail the same way.
    """

    def __init__(
        self,
        per_second: float,
        retries: int = SEND_RETRIES,
        backoff: Callable[[], Backoff] = Backoff,
    ) -> None:
        super().__init__(overall_max_rate=per_second, max_retries=RETRY_AFTER_RETRIES)
        self.retries = retries
        self.backoff = backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Send one Bot API request within the limits, retrying what may succeed next time."""
        backoff = self.backoff()
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as error:  # a 5xx answer, a timeout, a dropped connection
                if backoff.attempt >= self.retries:
                    raise  # the caller's error handling says what failed
                delay = backoff.next()
                logger.warning(
                    "Telegram did not take %s (%s); retrying in %.1f s", endpoint, error, delay
                )
                await asyncio.sleep(delay)
