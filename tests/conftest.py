"""Session-wide fixtures: real servers on loopback (see tests/services.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from services import MariaDB, Postgres, Redis, Server, ServerUnavailable, start_mariadb, \
    start_postgres, start_redis


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _server(factory: Callable[[], Server]) -> Iterator[Server]:
    try:
        server = factory()
    except ServerUnavailable as exc:
        # the e2e tier must never silently skip in CI
        if _in_ci():
            pytest.fail(f"server unavailable under CI=true: {exc}", pytrace=False)
        pytest.skip(f"server unavailable: {exc}")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """PostgreSQL 15: ``.url(dbname)``, ``.create_database(name)``, ``.stop()/.start()/.down()``."""
    yield from _server(start_postgres)  # type: ignore[misc]


@pytest.fixture(scope="session")
def redis() -> Iterator[Redis]:
    """Redis: ``.url()``, ``.stop()/.start()/.down()``."""
    yield from _server(start_redis)  # type: ignore[misc]


@pytest.fixture(scope="session")
def mariadb() -> Iterator[MariaDB]:
    """MariaDB (MySQL protocol), started only when a test asks: ``.url(db)``, ``.create_database``."""
    yield from _server(start_mariadb)  # type: ignore[misc]


@pytest.fixture(scope="session")
def redis_url(redis: Redis) -> str:
    return redis.url()
