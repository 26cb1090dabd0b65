"""Session-wide fixtures: real servers on loopback (see tests/services.py)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator

import pytest

from helpers import node_env
from services import (MariaDB, Postgres, Redis, Server, ServerUnavailable, in_ci, start_mariadb,
                      start_postgres, start_redis)

STARTERS: dict[str, Callable[[], Server]] = {
    "postgres": start_postgres, "redis": start_redis, "mariadb": start_mariadb,
}


def _server(factory: Callable[[], Server]) -> Iterator[Server]:
    try:
        server = factory()
    except ServerUnavailable as exc:
        problem = str(exc)
    else:
        problem = ""
    if problem:
        # the e2e tier must never silently skip in CI
        if in_ci():
            pytest.fail(f"server unavailable under CI=true: {problem}", pytrace=False)
        pytest.skip(f"server unavailable: {problem}")
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


@pytest.fixture
def private_server() -> Iterator[Callable[[str], Server]]:
    """``private_server("redis")``: a fresh instance of its own, for tests that stop servers
    (readiness recovery) without disturbing the shared ones; closed at the end of the test."""
    started: list[Iterator[Server]] = []

    def start(kind: str) -> Server:
        gen = _server(STARTERS[kind])
        started.append(gen)
        return next(gen)

    yield start
    for gen in started:
        gen.close()


@pytest.fixture(scope="session")
def node24() -> str:
    """Generated projects need Node 24 first on PATH (helpers.node_env); never the system's."""
    try:
        version = subprocess.run(["node", "--version"], env=node_env(), capture_output=True,
                                 text=True, timeout=30).stdout.strip()
    except OSError:
        version = "none"
    if not version.startswith("v24."):
        reason = (f"Node 24 is not first on PATH (found {version or 'none'}); "
                  f"`bash .ci/setup` installs it into {node_env()['PATH'].split(os.pathsep)[0]}")
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return version


# Every e2e stack's pipeline starts with this step; its bracket is the stack's id.
E2E_FIRST_STEP = "tests/test_e2e.py::test_render["


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Under pytest-xdist (``-n 2``, as .ci/run does), one worker runs all the steps of an e2e
    stack, in order (each step needs the ones before it); every other test is its own unit."""
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerPerStack(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            assert self.collection is not None
            if not nodeid.startswith("tests/test_e2e.py::") or not nodeid.endswith("]"):
                return nodeid
            if not hasattr(self, "_stacks"):
                self._stacks = sorted((n.removeprefix(E2E_FIRST_STEP)[:-1] for n in self.collection
                                       if n.startswith(E2E_FIRST_STEP)), key=len, reverse=True)
            case = nodeid[nodeid.index("[") + 1:-1]
            # a step's id is the stack's id, or the stack's id and its own case (``express-missing``)
            return next(s for s in self._stacks if case == s or case.startswith(f"{s}-"))

    return OneWorkerPerStack(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fast feedback first: the slow e2e tier runs after every other tier (order kept within)."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
