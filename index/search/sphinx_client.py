"""SphinxQL connections over PyMySQL: a pool any thread can use, lost connections retried once."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pymysql
from pymysql.connections import Connection

from index.search.sphinx_config import Endpoint

Rows = list[tuple[Any, ...]]


class SphinxUnavailable(Exception):
    """A SphinxQL server could not be reached, or dropped the connection twice."""


class ConnectionPool:
    """Idle SphinxQL connections to one endpoint, taken and given back by any thread."""

    def __init__(self, endpoint: Endpoint, timeout: float) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self._idle: list[Connection[Any]] = []
        self._lock = threading.Lock()

    def _take(self) -> Connection[Any]:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        try:
            return pymysql.connect(
                host=self.endpoint.host,
                port=self.endpoint.port,
                connect_timeout=self.timeout,
                read_timeout=self.timeout * 4,
                write_timeout=self.timeout * 4,
                autocommit=True,
            )
        except pymysql.MySQLError as error:
            raise SphinxUnavailable(str(error)) from error

    def _run(self, sql: str, args: Any, many: bool) -> tuple[Rows, str | None]:
        for attempt in (1, 2):
            connection = self._take()
            try:
                with connection.cursor() as cursor:
                    if many:
                        cursor.executemany(sql, args)
                    else:
                        cursor.execute(sql, args or None)
                    rows = list(cursor.fetchall())
                    warning = _warning(cursor) if cursor.warning_count else None
            except (pymysql.OperationalError, pymysql.InterfaceError) as error:
                connection.close()
                if _is_client_side(error) and attempt == 1:
                    continue
                if _is_client_side(error):
                    raise SphinxUnavailable(str(error)) from error
                raise
            except BaseException:
                connection.close()
                raise
            with self._lock:
                self._idle.append(connection)
            return rows, warning
        raise AssertionError("unreachable")

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Rows, str | None]:
        """Run one statement; return its rows and searchd's warning, if any."""
        return self._run(sql, args, many=False)

    def execute_many(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Run one INSERT/REPLACE for many rows (PyMySQL sends them as one statement)."""
        self._run(sql, rows, many=True)

    def close(self) -> None:
        """Close every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


def _is_client_side(error: pymysql.MySQLError) -> bool:
    """Tell a lost or refused connection (client error codes 2000+) from a query error."""
    code = error.args[0] if error.args and isinstance(error.args[0], int) else 2000
    return isinstance(error, pymysql.InterfaceError) or code >= 2000


def _warning(cursor: Any) -> str | None:
    cursor.execute("SHOW META")
    return next((str(value) for name, value in cursor.fetchall() if name == "warning"), None)
