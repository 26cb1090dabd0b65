"""End-to-end tier: render each stack, install it, run its own checks and tests against real
servers (PostgreSQL, MariaDB as MySQL, Redis; SQLite/libSQL on files), migrate and seed it,
boot it in production mode, probe the HTTP contract, fuzz it with schemathesis and stop it with
SIGTERM.

MongoDB stacks need a MongoDB server, which these machines cannot install: their steps that need
one run when ``MONGODB_URL`` names a server (a replica set: the apps use transactions) and are
skipped otherwise, saying so; their own tests then run the unit tests only.

Each pipeline step is its own test, run in order once per stack; a step whose prerequisite
failed is skipped with the name of that step (the failure itself is already red).

``E2E_PROJECT_DIR=/path/to/rendered/app`` skips rendering: that directory is copied (without
node_modules/dist) and used for every stack. ``E2E_STACKS=default,...`` selects stacks by id.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml

import graphql_contract  # noqa: F401  (registers the GraphQL probe in contract.PROBES)
import open_contract  # noqa: F401  (registers the no-sign-in probes in contract.OPEN_PROBES)
import session_contract  # noqa: F401  (registers the cookie-session probes in contract.SESSION_PROBES)
from contract import probe_contract, probe_rate_limit
from helpers import DEFAULT_STACK, free_port, node_env, render, run, wait_for_http
from services import in_ci

pytestmark = pytest.mark.e2e

# The covering set of stacks (docs/architecture.md, "How the template is tested"). Later issues
# append their stacks here.
E2E_STACKS: list[Any] = [
    pytest.param({}, id="default"),
    pytest.param({"orm": "kysely", "database": "supabase", "cache": "memory"},
                 id="kysely-supabase-memory"),
    pytest.param({"framework": "express"}, id="express"),
    pytest.param({"framework": "express", "orm": "kysely", "database": "sqlite", "cache": "none"},
                 id="express-kysely-sqlite-none"),
    pytest.param({"framework": "hono", "orm": "prisma", "database": "supabase"},
                 id="hono-prisma-supabase"),
    pytest.param({"api_style": "trpc"}, id="trpc-fastify"),
    pytest.param({"framework": "hono", "database": "supabase"}, id="hono-supabase"),
    pytest.param({"framework": "hono", "orm": "kysely", "database": "mysql", "cache": "none"},
                 id="hono-kysely-mysql-none"),
    # each new ORM x database pair once, the caches spread over them
    pytest.param({"api_style": "graphql", "database": "sqlite", "cache": "memory"},
                 id="graphql-drizzle-sqlite-memory"),
    pytest.param({"database": "libsql", "cache": "redis"}, id="drizzle-libsql-redis"),
    pytest.param({"orm": "prisma", "database": "sqlite", "cache": "none"},
                 id="prisma-sqlite-none"),
    pytest.param({"framework": "hono", "orm": "prisma", "database": "libsql", "cache": "memory"},
                 id="hono-prisma-libsql-memory"),
    pytest.param({"orm": "kysely", "database": "libsql", "cache": "none"},
                 id="kysely-libsql-none"),
    pytest.param({"framework": "express", "database": "mysql", "cache": "redis"},
                 id="express-drizzle-mysql-redis"),
    pytest.param({"orm": "kysely", "database": "mysql", "cache": "memory"},
                 id="kysely-mysql-memory"),
    # the nine framework x API style pairs on PostgreSQL and Redis: the REST ones above, and
    pytest.param({"api_style": "trpc", "framework": "express", "orm": "prisma"},
                 id="trpc-express"),
    pytest.param({"api_style": "trpc", "framework": "hono", "orm": "kysely"}, id="trpc-hono"),
    pytest.param({"api_style": "graphql", "orm": "prisma"}, id="graphql-fastify-prisma"),
    pytest.param({"api_style": "graphql", "framework": "express", "orm": "kysely"},
                 id="graphql-express-kysely"),
    pytest.param({"api_style": "graphql", "framework": "hono"}, id="graphql-hono"),
    # MongoDB: the native driver on Hono, Mongoose on Express (their server steps need MONGODB_URL)
    pytest.param({"framework": "hono", "database": "mongodb", "orm": "mongodb"},
                 id="mongodb-native"),
    pytest.param({"framework": "express", "database": "mongodb", "orm": "mongoose",
                  "cache": "memory"}, id="mongoose-express"),
    # cookie sessions (Kysely only, for now): each framework, API style and SQL dialect once
    pytest.param({"auth": "session", "orm": "kysely"}, id="session-fastify-rest"),
    pytest.param({"auth": "session", "orm": "kysely", "framework": "express", "api_style": "trpc",
                  "database": "sqlite", "cache": "memory"}, id="session-express-trpc-sqlite"),
    pytest.param({"auth": "session", "orm": "kysely", "framework": "hono",
                  "api_style": "graphql", "database": "mysql", "cache": "none"},
                 id="session-hono-graphql-mysql"),
    # no sign-in (Kysely only, for now): each framework, API style and SQL dialect once
    pytest.param({"auth": "none", "orm": "kysely", "api_style": "graphql", "database": "supabase"},
                 id="none-fastify-graphql-supabase"),
    pytest.param({"auth": "none", "orm": "kysely", "framework": "express", "database": "mysql",
                  "cache": "memory"}, id="none-express-rest-mysql"),
    pytest.param({"auth": "none", "orm": "kysely", "framework": "hono", "api_style": "trpc",
                  "database": "sqlite", "cache": "none"}, id="none-hono-trpc-sqlite"),
]

# What the covering set must contain (docs/architecture.md); pinned by the test below.
SQL_ORMS = ("drizzle", "kysely", "prisma")
FRAMEWORKS = ("fastify", "express", "hono")
API_STYLES = ("rest", "trpc", "graphql")
GENERATED_ORM_DATABASES = {
    *((orm, db) for orm in SQL_ORMS for db in ("postgresql", "supabase", "mysql", "sqlite", "libsql")
      if (orm, db) != ("prisma", "mysql")),  # not generated yet: README's option table
    ("mongodb", "mongodb"), ("mongoose", "mongodb"),
}


def test_the_stacks_cover_every_pair_the_issues_ask_for() -> None:
    """Every generated ORM x database pair and every cache at least once; each framework and each
    API style with each SQL ORM; the nine framework x API style pairs on PostgreSQL and Redis
    (Supabase is PostgreSQL); cookie sessions and no sign-in each on each framework, API style
    and SQL dialect."""
    stacks = [{**DEFAULT_STACK, **param.values[0]} for param in E2E_STACKS]
    assert {(s["orm"], s["database"]) for s in stacks} == GENERATED_ORM_DATABASES
    assert {s["cache"] for s in stacks} == {"redis", "memory", "none"}
    for key, values in (("framework", FRAMEWORKS), ("api_style", API_STYLES)):
        paired = {(s[key], s["orm"]) for s in stacks}
        assert {(v, orm) for v in values for orm in SQL_ORMS} <= paired, key
    on_postgres_and_redis = {(s["framework"], s["api_style"]) for s in stacks
                             if s["database"] in ("postgresql", "supabase") and s["cache"] == "redis"}
    assert on_postgres_and_redis == {(f, a) for f in FRAMEWORKS for a in API_STYLES}
    for auth in ("session", "none"):
        chosen = [s for s in stacks if s["auth"] == auth]
        assert {s["framework"] for s in chosen} == set(FRAMEWORKS), auth
        assert {s["api_style"] for s in chosen} == set(API_STYLES), auth
        dialects = {DIALECTS[s["database"]] for s in chosen}
        assert dialects == {"postgres", "sqlite", "mysql"}, auth


DIALECTS = {"postgresql": "postgres", "supabase": "postgres", "sqlite": "sqlite", "libsql": "sqlite",
            "mysql": "mysql", "mongodb": "mongodb"}

# The server fixture (tests/conftest.py) each database needs; the others are files.
# Supabase is PostgreSQL: plain PostgreSQL stands in for it (the migrations need no Supabase roles).
SERVER_FIXTURES = {"postgresql": "postgres", "supabase": "postgres", "mysql": "mariadb"}

ALLOWED_ORIGIN = "http://allowed.test"
AUTH_RATE_LIMIT_MAX = 40  # the probe makes ~20 auth calls; the rate-limit probe goes past it
RATE_LIMIT_MAX = 1_000_000
SCHEMATHESIS_EXAMPLES = 200  # in total, spread over the operations
DRAIN_DELAY_MS = 1000  # SIGTERM's drain in the app env: the shutdown test's balancer needs ~0.2 s
APP_VARS = ("NODE_ENV", "APP_ENV", "HOST", "PORT", "DATABASE_URL", "DATABASE_AUTH_TOKEN",
            "REDIS_URL", "JWT_SECRET", "CORS_ORIGINS", "LOG_LEVEL", "RATE_LIMIT_MAX",
            "RATE_LIMIT_WINDOW_SECONDS", "AUTH_RATE_LIMIT_MAX", "SEED_ADMIN_PASSWORD",
            "DATABASE_CONNECT_TIMEOUT_MS", "REDIS_COMMAND_TIMEOUT_MS", "HTTP_HEADERS_TIMEOUT_MS",
            "HTTP_REQUEST_TIMEOUT_MS", "HTTP_KEEP_ALIVE_TIMEOUT_MS", "SHUTDOWN_DRAIN_DELAY_MS",
            "SHUTDOWN_TIMEOUT_MS")


PRISMA_ENGINE = Path(__file__).resolve().parent / "prisma_engine" / "schema-engine.mjs"

# A MongoDB server for the MongoDB stacks, e.g. mongodb://127.0.0.1:27017/?directConnection=true
MONGODB_URL = os.environ.get("MONGODB_URL", "")
NO_MONGODB = "no MongoDB server on this machine (set MONGODB_URL to run this step)"
RUN = secrets.token_hex(3)  # MongoDB databases cannot be created empty: each run names its own


def _mongodb_database(name: str) -> str:
    """MONGODB_URL with its path naming database ``name`` (the query string is kept)."""
    base, _, query = MONGODB_URL.partition("?")
    scheme, _, rest = base.partition("://")
    hosts = rest.split("/", 1)[0]
    return f"{scheme}://{hosts}/{name}" + (f"?{query}" if query else "")


def _harness_env(answers: dict[str, Any]) -> dict[str, str]:
    """What only the test harness adds. Prisma's CLI downloads a native schema engine from a host
    these machines cannot reach; tests/prisma_engine stands in for it (Prisma's Wasm engine)."""
    if answers.get("orm") != "prisma":
        return {}
    if not (PRISMA_ENGINE.parent / "node_modules").is_dir():
        reason = f"{PRISMA_ENGINE.parent} has no node_modules: run `bash .ci/setup`"
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return {"PRISMA_SCHEMA_ENGINE_BINARY": str(PRISMA_ENGINE)}


def _selected(params: list[Any]) -> list[Any]:
    wanted = os.environ.get("E2E_STACKS")
    if not wanted:
        return params
    ids = {w.strip() for w in wanted.split(",")}
    return [p for p in params if p.id in ids]


def _slug(stack_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", stack_id.lower()).strip("_")[:40]


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Node 24 env without any app variable leaking in from the caller's shell."""
    env = node_env({"NO_COLOR": "1"})  # readable failure output
    env.pop("FORCE_COLOR", None)
    for var in APP_VARS:
        env.pop(var, None)
    env.update(extra or {})
    return env


@dataclass
class Stack:
    id: str
    answers: dict[str, Any]
    dir: Path
    tmp: Path
    test_env: dict[str, str]
    app_env: dict[str, str]
    # the shared server the database lives on (tests/services.py); None for a file database
    db_server: Any = None
    failed: dict[str, str] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    server: subprocess.Popen[str] | None = None
    server_log: Path | None = None
    auth_headers: dict[str, str] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)

    @property
    def api_style(self) -> str:
        return self.answers.get("api_style", "rest")

    @property
    def auth(self) -> str:
        return self.answers.get("auth", "jwt")

    @property
    def app_tables(self) -> tuple[str, ...]:
        """The tables the migrations make, sorted: a sign-in choice adds the users and one of
        its own; without sign-in there are only the posts."""
        if self.auth == "none":
            return ("posts",)
        return ("posts", "refresh_tokens" if self.auth == "jwt" else "sessions", "users")

    @property
    def seeded_rows(self) -> list[int]:
        """The rows ``npm run db:seed`` writes in each of ``app_tables``: three posts, and
        with sign-in their author, an admin."""
        return [3] if self.auth == "none" else [3, 0, 1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.app_env['PORT']}"

    @property
    def database(self) -> str:
        return self.answers.get("database", "postgresql")

    def new_database(self, name: str) -> str:
        """An empty database on the stack's server, or a new file; returns its URL. MongoDB's
        is on MONGODB_URL, named for this run (MongoDB creates it on its first write); "" when
        there is no MONGODB_URL."""
        if self.database == "mongodb":
            return _mongodb_database(f"e2e_{_slug(self.id)}_{name}_{RUN}") if MONGODB_URL else ""
        if self.db_server is None:
            return f"file:{self.tmp / f'{name}.db'}"
        return self.db_server.create_database(f"e2e_{_slug(self.id)}_{name}")

    def count_rows(self, url: str, table: str) -> int | None:
        """Rows in ``table`` of the database at ``url``; None when there is no such table."""
        if self.database == "mongodb":
            return self._count_documents(url, table)
        if self.db_server is None:
            with closing(sqlite3.connect(url.removeprefix("file:"))) as conn:
                if not conn.execute("select 1 from sqlite_master where type = 'table' and "
                                    "name = ?", (table,)).fetchone():
                    return None
                return conn.execute(f"select count(*) from {table}").fetchone()[0]
        name = url.rsplit("/", 1)[1]
        if self.database == "mysql":
            exists = self.db_server.sql(
                f"select count(*) from information_schema.tables where table_schema = '{name}' "
                f"and table_name = '{table}'")
            return int(self.db_server.sql(f"select count(*) from `{name}`.`{table}`")) \
                if int(exists) else None
        exists = self.db_server.sql(f"select to_regclass('public.{table}') is not null", name)
        return int(self.db_server.sql(f"select count(*) from {table}", name)) \
            if exists.strip() == "t" else None

    def _count_documents(self, url: str, table: str) -> int | None:
        """Documents in the collection the app keeps ``table`` in (Mongoose names collections
        after its models); counted with the project's own driver."""
        collection = {"refresh_tokens": "refreshtokens" if self.answers.get("orm") == "mongoose"
                      else "refreshTokens"}.get(table, table)
        script = ("import { MongoClient } from 'mongodb';"
                  "const client = new MongoClient(process.env.DATABASE_URL);"
                  "const db = client.db();"
                  "const found = await db.listCollections({ name: process.argv[1] }).toArray();"
                  "console.log(found.length ? await db.collection(process.argv[1])"
                  ".countDocuments() : 'none');"
                  "await client.close();")
        out = run(["node", "--input-type=module", "-e", script, collection], cwd=self.dir,
                  env=clean_env({"DATABASE_URL": url}), timeout=60).stdout.strip()
        return None if out == "none" else int(out)

    def require_database_server(self) -> None:
        """The MongoDB stacks' server steps run only against MONGODB_URL."""
        if self.database == "mongodb" and not MONGODB_URL:
            pytest.skip(f"{self.id}: {NO_MONGODB}")

    def require(self, *steps: str) -> None:
        for step in steps:
            if step in self.failed:
                pytest.skip(f"{self.id}: needs step {step!r}, which failed")
            if step not in self.done:
                pytest.skip(f"{self.id}: needs step {step!r}, which did not run")

    def step(self, name: str, func, *requires: str) -> Any:
        self.require(*requires)
        try:
            value = func()
        except BaseException as exc:
            self.failed[name] = str(exc)[:200]
            raise
        self.done.add(name)
        return value

    def npm(self, name: str, *args: str, env: dict[str, str] | None = None,
            timeout: float = 600, requires: tuple[str, ...] = ("install",)) -> None:
        self.step(name, lambda: run(["npm", *args], cwd=self.dir, env=env or self.test_env,
                                    timeout=timeout), *requires)


def _copy_project(src: Path, dest: Path) -> Path:
    ignore = shutil.ignore_patterns("node_modules", "dist", "coverage", ".git", ".tools",
                                    ".schemathesis", ".hypothesis")
    shutil.copytree(src, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="module", params=_selected(E2E_STACKS))
def stack(request, tmp_path_factory, redis, node24):
    answers: dict[str, Any] = request.param
    index, stack_id = next((i, p.id) for i, p in enumerate(E2E_STACKS) if p.values[0] is answers)
    slug = _slug(stack_id)
    tmp = tmp_path_factory.mktemp(f"e2e-{slug}")
    dest = tmp / "app"
    # the server the stack's database needs, started once per session; files need none
    fixture = SERVER_FIXTURES.get(answers.get("database", "postgresql"))
    db_server = request.getfixturevalue(fixture) if fixture else None
    # separate Redis databases: the project's own rate-limit tests must not leave the live
    # server's auth limit exhausted
    test_redis, app_redis = redis.url(1 + (2 * index) % 14), redis.url(2 + (2 * index) % 14)
    harness = _harness_env(answers)
    stack = Stack(id=stack_id, answers=answers, dir=dest, tmp=tmp, test_env={}, app_env={},
                  db_server=db_server)
    # no DATABASE_URL at all when there is no database server for it (MongoDB without MONGODB_URL)
    test_db, app_db = stack.new_database("test"), stack.new_database("app")
    stack.test_env = clean_env({**({"DATABASE_URL": test_db} if test_db else {}),
                                "REDIS_URL": test_redis, **harness})
    stack.app_env = clean_env({**harness, **({"DATABASE_URL": app_db} if app_db else {}),
        "NODE_ENV": "production", "HOST": "127.0.0.1", "PORT": str(free_port()),
        "REDIS_URL": app_redis,
        "JWT_SECRET": secrets.token_urlsafe(36)[:48],
        "CORS_ORIGINS": ALLOWED_ORIGIN, "LOG_LEVEL": "info",
        "RATE_LIMIT_MAX": str(RATE_LIMIT_MAX), "RATE_LIMIT_WINDOW_SECONDS": "60",
        "AUTH_RATE_LIMIT_MAX": str(AUTH_RATE_LIMIT_MAX),
        "SHUTDOWN_DRAIN_DELAY_MS": str(DRAIN_DELAY_MS),
    })
    yield stack
    if stack.server is not None and stack.server.poll() is None:
        stack.server.kill()
        stack.server.wait()


# ---------------------------------------------------------------- the pipeline, one test a step


@pytest.mark.timeout(300)
def test_render(stack: Stack) -> None:
    def do() -> None:
        given = os.environ.get("E2E_PROJECT_DIR")
        if given:
            _copy_project(Path(given), stack.dir)
            return
        # copier's _tasks (lockfile, .env) run in this process's environment: Node 24 first
        env = node_env()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PATH", env["PATH"])
            mp.setenv("npm_config_cache", env["npm_config_cache"])
            render(stack.dir, stack.answers)
        assert (stack.dir / "package.json").is_file(), "rendered project has no package.json"

    stack.step("render", do)


@pytest.mark.timeout(1200)
def test_install(stack: Stack) -> None:
    stack.npm("install", "install", "--prefer-offline", "--no-audit", "--no-fund",
              timeout=1100, requires=("render",))


@pytest.mark.timeout(600)
def test_typecheck(stack: Stack) -> None:
    stack.npm("typecheck", "run", "typecheck")


@pytest.mark.timeout(600)
def test_lint(stack: Stack) -> None:
    stack.npm("lint", "run", "lint")


@pytest.mark.timeout(600)
def test_format_check(stack: Stack) -> None:
    stack.npm("format:check", "run", "format:check")


@pytest.mark.timeout(900)
def test_own_tests(stack: Stack) -> None:
    """The generated project's own suite, against the real PostgreSQL and Redis."""
    stack.npm("test", "test", timeout=850)


@pytest.mark.timeout(600)
def test_build(stack: Stack) -> None:
    stack.npm("build", "run", "build")
    assert (stack.dir / "dist" / "server.js").is_file(), "npm run build did not emit dist/server.js"


@pytest.mark.timeout(300)
def test_migrate(stack: Stack) -> None:
    stack.require_database_server()
    stack.npm("migrate", "run", "db:migrate", env=stack.app_env)


@pytest.mark.timeout(300)
def test_seed_and_rollback(stack: Stack) -> None:
    """On an empty database: migrations apply, the seed writes three posts (and their author, an
    admin, with sign-in) and changes nothing the second time; Kysely's rollback leaves no table
    and migrates up again."""
    stack.require_database_server()

    def do() -> None:
        url = stack.new_database("seed")
        env = dict(stack.app_env, DATABASE_URL=url, SEED_ADMIN_PASSWORD="seed-password-123")

        def npm(*args: str) -> None:
            run(["npm", "run", *args], cwd=stack.dir, env=env, timeout=120)

        none, empty = [None] * len(stack.app_tables), [0] * len(stack.app_tables)
        npm("db:migrate")
        assert [stack.count_rows(url, t) for t in stack.app_tables] == empty
        for _ in range(2):
            npm("db:seed")
            assert [stack.count_rows(url, t) for t in stack.app_tables] == stack.seeded_rows, \
                "the seed writes its rows once"
        if stack.database == "supabase":
            _assert_data_api_reads_nothing(stack, url)
        if stack.answers.get("orm") == "kysely":
            npm("db:rollback")
            assert [stack.count_rows(url, t) for t in stack.app_tables] == none
            npm("db:migrate")
            assert [stack.count_rows(url, t) for t in stack.app_tables] == empty

    stack.step("seed", do, "install")


def _assert_data_api_reads_nothing(stack: Stack, url: str) -> None:
    """Supabase: row-level security on every app table with no policy, so a role such as the
    Data API's ``anon``, even granted SELECT, reads none of the rows the seed wrote."""
    name = url.rsplit("/", 1)[1]
    protected = stack.db_server.sql(
        "select relname from pg_class where relrowsecurity "
        "and relnamespace = 'public'::regnamespace order by relname", name).split()
    assert protected == sorted(stack.app_tables), f"tables with row-level security: {protected}"
    role = f"anon_{_slug(stack.id)}"  # roles are cluster-wide; the seed database is per stack
    seen = stack.db_server.sql(
        f"drop role if exists {role}; create role {role} nologin; "
        f"grant usage on schema public to {role}; "
        f"grant select on all tables in schema public to {role}; set role {role}; "
        "select " + " + ".join(f"(select count(*) from {t})" for t in stack.app_tables), name)
    assert seen.split() == ["0"], f"a role without a policy read {seen.strip()} rows"


def _boot(stack: Stack, env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[str]:
    """``node dist/server.js`` itself (not npm), so SIGTERM reaches the app."""
    with log.open("w") as out:
        return subprocess.Popen(["node", str(stack.dir / "dist" / "server.js")], cwd=cwd, env=env,
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                text=True)


def _log_tail(stack: Stack) -> str:
    if stack.server_log and stack.server_log.exists():
        return "\n--- server log (tail) ---\n" + stack.server_log.read_text(errors="replace")[-6000:]
    return ""


@pytest.mark.timeout(120)
def test_boot(stack: Stack) -> None:
    stack.require_database_server()

    def do() -> None:
        stack.server_log = stack.tmp / "server.log"
        stack.server = _boot(stack, stack.app_env, stack.dir, stack.server_log)
        try:
            wait_for_http(f"{stack.base_url}/health", timeout=60, proc=stack.server)
        except AssertionError as exc:
            raise AssertionError(f"{exc}{_log_tail(stack)}") from None

    stack.step("boot", do, "build", "migrate")


@pytest.mark.timeout(300)
def test_contract(stack: Stack) -> None:
    stack.require_database_server()

    def do() -> None:
        checks = ("database",) if stack.answers.get("cache") == "none" else ("database", "cache")
        result = probe_contract(stack.base_url, allowed_origin=ALLOWED_ORIGIN, ready_checks=checks,
                                api_style=stack.api_style, auth=stack.auth)
        stack.auth_headers = result.auth_headers
        stack.secrets += result.secrets
        assert not result.failures, f"HTTP contract violations:\n{result.report()}{_log_tail(stack)}"

    stack.step("contract", do, "boot")


# The rules the generated .spectral.yaml may turn off, each for the operations it names with its
# reason: a public operation never answers 401, so it declares none.
SPECTRAL_RULES_OFF = {"owasp:api8:2023-define-error-responses-401"}
SPECTRAL_PINS = {"@stoplight/spectral-cli": "6.16.3", "@stoplight/spectral-owasp-ruleset": "2.0.1"}


@pytest.mark.timeout(300)
def test_openapi_lint(stack: Stack) -> None:
    """The live OpenAPI document passes Spectral's spectral:oas and OWASP API Security rulesets
    (pinned) without an error or a warning; the project's ruleset turns off only what is known."""
    if stack.api_style != "rest":
        pytest.skip(f"{stack.id}: a {stack.api_style} API has no OpenAPI document")
    stack.require_database_server()

    def do() -> None:
        package = json.loads((stack.dir / "package.json").read_text())
        assert {name: package["devDependencies"].get(name) for name in SPECTRAL_PINS} == \
            SPECTRAL_PINS
        ruleset = yaml.safe_load((stack.dir / ".spectral.yaml").read_text())
        assert ruleset["extends"] == ["spectral:oas", "@stoplight/spectral-owasp-ruleset"]
        rules_off = {rule for override in ruleset.get("overrides", [])
                     for rule, level in override["rules"].items() if level == "off"}
        assert rules_off <= SPECTRAL_RULES_OFF, rules_off - SPECTRAL_RULES_OFF
        document = stack.tmp / "openapi.json"
        document.write_bytes(httpx.get(f"{stack.base_url}/api/v1/openapi.json", timeout=10).content)
        proc = subprocess.run(
            ["node_modules/.bin/spectral", "lint", str(document), "--ruleset", ".spectral.yaml",
             "--format", "json", "--quiet"],
            cwd=stack.dir, env=stack.test_env, text=True, capture_output=True, timeout=240)
        try:
            findings = json.loads(proc.stdout)
        except json.JSONDecodeError:
            raise AssertionError(f"spectral did not run:\n{proc.stdout}\n{proc.stderr}") from None
        found = [f"{f['code']} at {'.'.join(map(str, f['path']))}: {f['message']}"
                 for f in findings if f["severity"] <= 1]  # 0 error, 1 warning
        assert not found, "Spectral findings:\n" + "\n".join(found)

    stack.step("openapi_lint", do, "boot")


@pytest.mark.timeout(180)
def test_docs_page_lists_every_operation_in_a_browser(stack: Stack) -> None:
    """Headless Chromium opens /docs: Swagger UI runs under the page's CSP, names the API and
    lists every operation of the document."""
    if stack.api_style != "rest":
        pytest.skip(f"{stack.id}: a {stack.api_style} API has no OpenAPI docs page")
    chromium = shutil.which("chromium")
    if chromium is None:
        reason = "no chromium on this machine: run `bash .ci/setup`"
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    stack.require_database_server()

    def do() -> None:
        document = httpx.get(f"{stack.base_url}/api/v1/openapi.json", timeout=10).json()
        # Swagger UI's element id for an operation: operations-<tag>-<operationId>
        expected = sorted(f"operations-{operation['tags'][0]}-{operation['operationId']}"
                          for item in document["paths"].values() for operation in item.values())
        page = run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={stack.tmp / 'chromium'}", "--virtual-time-budget=20000",
                    "--dump-dom", f"{stack.base_url}/docs"], cwd=stack.tmp, timeout=120).stdout
        listed = sorted(set(re.findall(r'id="(operations-(?!tag-)[^"]+)"', page)))
        assert listed == expected, f"Swagger UI lists {listed}, the document {expected}"
        assert f'class="title">{document["info"]["title"]}' in page

    stack.step("docs_page", do, "boot")


# The generator and client the generated README shows, pinned.
TYPED_CLIENT_PACKAGES = {"openapi-typescript": "7.13.0", "openapi-fetch": "0.17.0"}
# How the script signs in and what it sends back, by sign-in choice: Node's fetch keeps no
# cookies, so the session's are read from the login response as a browser would store them.
TYPED_CLIENT_REGISTER = """\
const email = `typed-client-${Date.now()}@example.com`;
const password = 'a typed client password';
const registered = await api.POST('/api/v1/auth/register', {
  body: { email, password, name: 'Typed client' },
});
if (registered.error) throw fail('register', registered.error);
"""
TYPED_CLIENT_SIGN_IN = {
    "jwt": TYPED_CLIENT_REGISTER + """\
const { data, error } = await api.POST('/api/v1/auth/login', { body: { email, password } });
if (error) throw fail('login', error);
const headers = { authorization: `Bearer ${data.data.accessToken}` };""",
    "session": TYPED_CLIENT_REGISTER + """\
const { error, response } = await api.POST('/api/v1/auth/login', { body: { email, password } });
if (error) throw fail('login', error);
const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] ?? '');
const csrf = cookies.find((cookie) => cookie.startsWith('__Host-csrf='))?.split('=')[1] ?? '';
const headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf };""",
    "none": "const headers = {};",
}
TYPED_CLIENT_SCRIPT = """\
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const api = createClient<paths>({ baseUrl: BASE_URL });
const fail = (step: string, error: { error: { code: string; message: string } }): never => {
  throw new Error(`${step}: ${error.error.code} ${error.error.message}`);
};
SIGN_IN

const created = await api.POST('/api/v1/posts', {
  body: { title: 'Typed', content: 'From a generated client', published: true },
  headers,
});
if (created.error) throw fail('create', created.error);
const path = { id: created.data.data.id };
const read = await api.GET('/api/v1/posts/{id}', { params: { path } });
if (read.error) throw fail('read', read.error);
const updated = await api.PATCH('/api/v1/posts/{id}', {
  params: { path },
  body: { title: 'Typed, twice' },
  headers,
});
if (updated.error) throw fail('update', updated.error);
const removed = await api.DELETE('/api/v1/posts/{id}', { params: { path }, headers });
if (removed.error) throw fail('delete', removed.error);
const gone = await api.GET('/api/v1/posts/{id}', { params: { path } });
console.log(JSON.stringify({
  read: read.data.data.title,
  updated: updated.data.data.title,
  deleted: removed.response.status,
  gone: gone.error?.error.code,
}));
"""


@pytest.mark.timeout(420)
def test_typed_client_round_trip(stack: Stack) -> None:
    """A client generated from the live document by openapi-typescript compiles strictly and
    completes a CRUD round trip through openapi-fetch, as the generated README shows."""
    if stack.api_style != "rest":
        pytest.skip(f"{stack.id}: a {stack.api_style} API has no OpenAPI document")
    stack.require_database_server()

    def do() -> None:
        client = stack.tmp / "typed-client"
        client.mkdir(exist_ok=True)
        (client / "package.json").write_text(json.dumps({"private": True, "type": "module"}))
        (client / "tsconfig.json").write_text(json.dumps({"compilerOptions": {
            "strict": True, "noEmit": True, "module": "nodenext", "target": "es2023",
            "lib": ["es2023", "dom"], "skipLibCheck": False, "noUncheckedIndexedAccess": True}}))
        run(["npm", "install", "--no-audit", "--no-fund",
             *(f"{name}@{version}" for name, version in TYPED_CLIENT_PACKAGES.items())],
            cwd=client, env=stack.test_env, timeout=300)
        run(["node_modules/.bin/openapi-typescript", f"{stack.base_url}/api/v1/openapi.json",
             "-o", "api.d.ts"], cwd=client, env=stack.test_env, timeout=60)
        (client / "round-trip.ts").write_text(
            TYPED_CLIENT_SCRIPT.replace("BASE_URL", json.dumps(stack.base_url))
            .replace("SIGN_IN", TYPED_CLIENT_SIGN_IN[stack.auth]))
        run([str(stack.dir / "node_modules/.bin/tsc"), "-p", "."], cwd=client,
            env=stack.test_env, timeout=120)
        out = run([str(stack.dir / "node_modules/.bin/tsx"), "round-trip.ts"], cwd=client,
                  env=stack.test_env, timeout=60).stdout
        assert json.loads(out.strip().splitlines()[-1]) == {
            "read": "Typed", "updated": "Typed, twice", "deleted": 204, "gone": "NOT_FOUND"}

    stack.step("typed_client", do, "boot")


def _schemathesis() -> str:
    script = Path(sys.executable).parent / "schemathesis"
    return str(script) if script.exists() else shutil.which("schemathesis") or "schemathesis"


@pytest.mark.timeout(900)
def test_schemathesis(stack: Stack) -> None:
    """Bounded fuzzing of the OpenAPI document with every check: no 5xx; status codes, content
    types, headers and bodies as declared; invalid data refused and valid data accepted; 405
    with Allow for an undeclared method; authentication not ignored."""
    if stack.api_style != "rest":
        pytest.skip(f"{stack.id}: schemathesis fuzzes an OpenAPI document, and a {stack.api_style} "
                    "API has none (the contract probe makes the same operations in its protocol)")
    stack.require_database_server()

    def do() -> None:
        assert stack.auth_headers or stack.auth == "none", \
            "the contract probe did not yield a logged-in user"
        schema_url = f"{stack.base_url}/api/v1/openapi.json"
        doc = httpx.get(schema_url, timeout=10).json()
        operations = sum(1 for item in doc.get("paths", {}).values() for method in item
                         if method in ("get", "put", "post", "patch", "delete"))
        per_op = max(3, math.ceil(SCHEMATHESIS_EXAMPLES / max(operations, 1)))
        cmd = [_schemathesis(), "run", schema_url,
               "--checks", "all",
               "--max-examples", str(per_op), "--phases", "examples,coverage,fuzzing",
               *(arg for name, value in stack.auth_headers.items()
                 for arg in ("--header", f"{name}: {value}")),
               "--generation-database", "none", "--request-timeout", "10",
               "--workers", "1", "--no-color", "--suppress-health-check", "all"]
        if os.environ.get("E2E_SCHEMATHESIS_SEED"):
            cmd += ["--seed", os.environ["E2E_SCHEMATHESIS_SEED"]]
        try:
            run(cmd, cwd=stack.tmp, env=dict(os.environ), timeout=840)
        except AssertionError as exc:
            raise AssertionError(f"{exc}{_log_tail(stack)}") from None

    stack.step("schemathesis", do, "contract")


@pytest.mark.timeout(120)
def test_rate_limit(stack: Stack) -> None:
    """Last HTTP step: it exhausts the auth limit of this client."""
    if stack.auth == "none":
        pytest.skip(f"{stack.id}: no sign-in, so no auth limit (the project's own tests cover "
                    "RATE_LIMIT_MAX, which the e2e server runs too high to reach)")
    stack.require_database_server()

    def do() -> None:
        result = probe_rate_limit(stack.base_url, AUTH_RATE_LIMIT_MAX, stack.api_style,
                                  stack.auth)
        assert not result.failures, f"rate limiting:\n{result.report()}"

    stack.step("rate_limit", do, "boot")


@pytest.mark.timeout(60)
def test_logs(stack: Stack) -> None:
    """JSON structured logs: a line per request, each with its id, none for probes that passed; no
    password or token ever logged."""
    stack.require_database_server()

    def do() -> None:
        assert stack.server_log is not None
        text = stack.server_log.read_text(errors="replace")
        records = []
        for line in text.splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
        assert records, f"the server wrote no JSON log lines{_log_tail(stack)}"
        requests = [r for r in records if isinstance(r.get("req"), dict) and isinstance(r.get("res"), dict)]
        # Fastify and Hono bind the id beside the request (`reqId`), pino-http inside it (`req.id`).
        without_id = [r for r in requests
                      if not any(r.get(key) for key in ("reqId", "requestId", "req_id"))
                      and not r["req"].get("id")]
        assert not without_id, f"request lines without the request id: {without_id[:2]}"
        probes_that_passed = [r for r in requests if r["res"].get("statusCode", 500) < 400
                              and str(r["req"].get("url", "")).split("?")[0] in ("/health", "/ready")]
        assert len(requests) > len(probes_that_passed), \
            f"no request line for the API's requests{_log_tail(stack)}"
        assert not probes_that_passed, ("probes that passed were logged, burying the requests "
                                        f"that matter: {probes_that_passed[:2]}")
        leaked = [s[:12] + "…" for s in set(stack.secrets) if s and s in text]
        assert not leaked, f"secrets leaked into the logs (redaction missing): {leaked}"
        hashes = re.findall(r"\$(?:argon2id?|2[aby])\$[^\s\\\",]{0,40}", text)
        assert not hashes, f"password hashes in the logs: {hashes[:3]}"
        errors = [line for line in text.splitlines() if re.search(r'"statusCode":\s*5\d\d', line)]
        assert not errors, "the server answered 5xx during the run:\n" + "\n".join(errors[:5])

    stack.step("logs", do, "contract")


SHUTDOWN_CONNECTIONS = 8
# A GET that reads the database in each API style (the load of the shutdown test).
POSTS_GET = {"rest": "/api/v1/posts", "trpc": "/api/v1/trpc/posts.list",
             "graphql": "/api/v1/graphql?query=" + quote("{ posts(first: 5) { edges { node { id } } } }")}


@dataclass
class _Balancer:
    """Stands in for a load balancer in front of the app: it polls /ready, and once /ready
    fails the app is out of rotation: no new connection is opened to it, while the ones open
    are used for as long as the app keeps them."""
    base_url: str
    removed: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    draining_seen: list[dict[str, Any]] = field(default_factory=list)

    def watch(self) -> None:
        while not self.stop.is_set() and not self.removed.is_set():
            try:
                response = httpx.get(f"{self.base_url}/ready", timeout=2)
                if response.status_code == 503:
                    self.draining_seen.append(response.json())
                    self.removed.set()
            except httpx.HTTPError:
                self.removed.set()
            time.sleep(0.1)


def _keep_sending(host: str, port: int, path: str, balancer: _Balancer,
                  outcomes: list[tuple[float, str]]) -> None:
    """One client connection: requests one after the other on a kept-alive connection,
    reconnecting when the app closes it, unless the balancer has taken the app out."""
    import http.client

    conn: http.client.HTTPConnection | None = None
    while not balancer.stop.is_set():
        if conn is None:
            if balancer.removed.is_set():
                return
            conn = http.client.HTTPConnection(host, port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            outcomes.append((time.monotonic(), "ok" if response.status == 200
                             else f"status {response.status}"))
            if response.getheader("connection", "").lower() == "close":
                conn.close()
                conn = None
        except ConnectionRefusedError:
            outcomes.append((time.monotonic(), "refused"))
            conn = None
            time.sleep(0.05)
        except (OSError, http.client.HTTPException) as exc:
            outcomes.append((time.monotonic(), f"{type(exc).__name__}: {exc}"))
            conn.close()
            conn = None


@pytest.mark.timeout(120)
def test_sigterm_drains_under_load(stack: Stack) -> None:
    """Graceful shutdown under load (bounded: a few seconds, loopback only): SIGTERM turns /ready
    503 at once while requests are still served for the drain delay; every request sent gets its
    answer (no reset, no 503), clients reconnecting after the listener closed are refused at
    connect, and the process exits 0 within its shutdown timeout."""
    stack.require_database_server()

    def do() -> None:
        server = stack.server
        assert server is not None and server.poll() is None, \
            f"the server is not running any more (exit {server and server.returncode}){_log_tail(stack)}"
        host, port = "127.0.0.1", int(stack.app_env["PORT"])
        path = POSTS_GET[stack.api_style]
        balancer = _Balancer(stack.base_url)
        outcomes: list[tuple[float, str]] = []
        clients = [threading.Thread(target=_keep_sending, args=(host, port, path, balancer, outcomes))
                   for _ in range(SHUTDOWN_CONNECTIONS)]
        watcher = threading.Thread(target=balancer.watch)
        for thread in (*clients, watcher):
            thread.start()
        try:
            time.sleep(1.5)
            signalled = time.monotonic()
            server.send_signal(signal.SIGTERM)
            code = server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise AssertionError(f"still running 15 s after SIGTERM{_log_tail(stack)}") from None
        finally:
            balancer.stop.set()
            for thread in (*clients, watcher):
                thread.join(15)
        assert code == 0, f"exit code {code} after SIGTERM (expected 0){_log_tail(stack)}"
        failed = [outcome for _, outcome in outcomes if outcome not in ("ok", "refused")]
        assert not failed, (f"{len(failed)} of {len(outcomes)} requests failed during the "
                            f"shutdown: {sorted(set(failed))[:5]}{_log_tail(stack)}")
        served = [at for at, outcome in outcomes if outcome == "ok"]
        assert len([at for at in served if at < signalled]) > 20, "the load never ran"
        assert [at for at in served if at > signalled], "nothing was served after SIGTERM"
        assert balancer.draining_seen and balancer.draining_seen[0].get("status") == "draining", \
            f"/ready while draining: {balancer.draining_seen}"
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{stack.base_url}/health", timeout=2)

    stack.step("sigterm", do, "boot")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("problem", ["missing", "too_short", "two_problems"])
def test_env_validation_fails_fast(stack: Stack, problem: str) -> None:
    """Production boot with a bad required variable (JWT's secret; the database URL where the
    sign-in choice has no secret): exit 1, one stderr line per problem, no stack."""
    stack.require("build")
    env = dict(stack.app_env, PORT=str(free_port()))
    variable, bad = ("JWT_SECRET", "too-short") if stack.auth == "jwt" else \
        ("DATABASE_URL", "ftp://not-a-database")
    expected = [variable]
    if problem == "missing":
        del env[variable]
    else:
        env[variable] = bad
    if problem == "two_problems":
        env["PORT"] = "not-a-port"
        expected.append("PORT")
    # an empty working directory, so no .env file can fill the gap
    cwd = stack.tmp / f"envcheck-{problem}"
    cwd.mkdir(exist_ok=True)
    proc = subprocess.run(["node", str(stack.dir / "dist" / "server.js")], cwd=cwd, env=env,
                          text=True, capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    shown = f"\n--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}"
    assert proc.returncode == 1, f"exit code {proc.returncode}, expected 1{shown}"
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert not [line for line in lines if re.match(r"^\s+at ", line)], f"stack trace printed{shown}"
    for var in expected:
        hits = [line for line in lines if var in line]
        assert len(hits) == 1, f"expected exactly one stderr line naming {var}, got {hits}{shown}"
    if len(expected) == 2:
        assert not [line for line in lines if all(v in line for v in expected)], \
            f"each problem must have its own line{shown}"


@pytest.mark.timeout(120)
def test_boot_without_its_database_server_stops_in_one_line(stack: Stack) -> None:
    """MongoDB has no embedded mode: the production build with nothing at DATABASE_URL exits 1,
    with one line naming the server that did not answer and no stack trace."""
    if stack.database != "mongodb":
        pytest.skip(f"{stack.id}: starts without its database server (embedded, or a lazy pool)")
    stack.require("build")
    nothing_there = f"127.0.0.1:{free_port()}"
    env = dict(stack.app_env, PORT=str(free_port()), DATABASE_URL=f"mongodb://{nothing_there}/app")
    cwd = stack.tmp / "no-database-server"  # no .env here
    cwd.mkdir(exist_ok=True)
    proc = subprocess.run(["node", str(stack.dir / "dist" / "server.js")], cwd=cwd, env=env,
                          text=True, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    shown = f"\n--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}"
    assert proc.returncode == 1, f"exit code {proc.returncode}, expected 1{shown}"
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert not [line for line in lines if re.match(r"^\s+at ", line)], f"stack trace printed{shown}"
    hits = [line for line in lines if f"MongoDB at {nothing_there} did not answer" in line]
    assert len(hits) == 1, f"expected one line naming {nothing_there}{shown}"


# Where `npm run dev` keeps each embedded database, inside the project.
EMBEDDED_DATABASE = {"postgresql": ".data/pglite", "supabase": ".data/pglite",
                     "sqlite": ".data/app.db", "libsql": ".data/app.db"}


@pytest.mark.timeout(180)
def test_dev_runs_on_the_embedded_database(stack: Stack) -> None:
    """The generated README's `npm run dev` serves with no database server: PGlite or the
    SQLite file in .data/. MySQL and MongoDB have no embedded mode: their README starts a server
    first, so there `npm run dev` gets DATABASE_URL (a migrated database, as its README says)."""
    stack.require_database_server()
    stack.require("install")
    port = free_port()
    env = {"PORT": str(port)}
    if stack.database not in EMBEDDED_DATABASE:
        stack.require("migrate")
        env["DATABASE_URL"] = stack.app_env["DATABASE_URL"]
    log = stack.tmp / "dev.log"
    with log.open("w") as out:
        dev = subprocess.Popen(["npm", "run", "dev"], cwd=stack.dir, stdout=out,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env=clean_env(env), start_new_session=True)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", timeout=90, proc=dev)
        ready = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=10)
        assert ready.status_code == 200, f"/ready answered {ready.status_code}: {ready.text}"
        assert ready.json()["checks"]["database"] == "ok"
        if stack.database in EMBEDDED_DATABASE:
            assert (stack.dir / EMBEDDED_DATABASE[stack.database]).exists(), \
                f"no embedded database at {EMBEDDED_DATABASE[stack.database]}"
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- npm run dev ---\n{log.read_text()[-4000:]}") from None
    finally:
        os.killpg(dev.pid, signal.SIGTERM)
        try:
            dev.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(dev.pid, signal.SIGKILL)
            dev.wait()


def _ready(base_url: str) -> tuple[int, dict[str, Any]]:
    response = httpx.get(f"{base_url}/ready", timeout=10)
    return response.status_code, response.json()


def _eventually(check, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not {what} within {timeout:.0f} s")
        time.sleep(0.3)


# What reads the database (and the cache) in each API style, and where its error code sits.
POSTS_LIST = {
    "rest": ("GET", "/api/v1/posts", None),
    "trpc": ("GET", "/api/v1/trpc/posts.list", None),
    "graphql": ("POST", "/api/v1/graphql", {"query": "{ posts(first: 5) { edges { node { id } } } }"}),
}
# A write that needs the database whatever the cache: a login, or without sign-in a new post.
CREATE_POST = {
    "rest": ("/api/v1/posts", {"title": "Outage", "content": "x"}),
    "trpc": ("/api/v1/trpc/posts.create", {"title": "Outage", "content": "x"}),
    "graphql": ("/api/v1/graphql", {
        "query": "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }",
        "variables": {"i": {"title": "Outage", "content": "x"}}}),
}
LOGIN = {
    "rest": ("/api/v1/auth/login", lambda creds: creds),
    "trpc": ("/api/v1/trpc/auth.login", lambda creds: creds),
    "graphql": ("/api/v1/graphql", lambda creds: {
        "query": "mutation($i: LoginInput!) { login(input: $i) { __typename } }",
        "variables": {"i": creds}}),
}
OUTAGE_BOUND_S = 3.0  # DATABASE_CONNECT_TIMEOUT_MS (2 s) and a ping: the first request of an outage
LOAD_P99_BOUND_S = 0.5  # any request while Redis is down
OUTAGE_REQUESTS, OUTAGE_CONCURRENCY = 200, 8


def _error_code(api_style: str, body: Any) -> Any:
    if api_style == "trpc":
        return body.get("error", {}).get("data", {}).get("code")
    if api_style == "graphql":
        return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
    return body.get("error", {}).get("code")


def _timed(client: httpx.Client, method: str, path: str, payload: Any) -> tuple[float, httpx.Response]:
    started = time.monotonic()
    response = client.request(method, path, json=payload)
    return time.monotonic() - started, response


def _assert_api_unavailable(base_url: str, api_style: str, auth: str) -> None:
    """Database down: the API's reads and its login (without sign-in: a new post) answer 503
    SERVICE_UNAVAILABLE with Retry-After, the first within the connect timeout, never a 500."""
    expected = ["SERVICE_UNAVAILABLE"] if api_style == "graphql" else "SERVICE_UNAVAILABLE"
    if auth == "none":
        write = ("POST", *CREATE_POST[api_style])
    else:
        login_path, login_body = LOGIN[api_style]
        write = ("POST", login_path, login_body({"email": "nobody@example.com",
                                                 "password": "not-the-password"}))
    calls = [POSTS_LIST[api_style], POSTS_LIST[api_style], write]
    with httpx.Client(base_url=base_url, timeout=15) as client:
        for method, path, payload in calls:
            seconds, response = _timed(client, method, path, payload)
            what = f"{method} {path} with the database down"
            assert response.status_code == 503, f"{what}: {response.status_code} {response.text[:300]}"
            assert response.headers.get("retry-after", "").isdigit(), f"{what}: no Retry-After"
            assert _error_code(api_style, response.json()) == expected, f"{what}: {response.text[:300]}"
            assert seconds < OUTAGE_BOUND_S, f"{what} took {seconds:.1f} s"


def _load(base_url: str, method: str, path: str, payload: Any,
          requests: int = OUTAGE_REQUESTS, concurrency: int = OUTAGE_CONCURRENCY
          ) -> tuple[list[float], list[httpx.Response]]:
    """A short bounded load on loopback: ``requests`` calls over ``concurrency`` kept-alive
    connections; each call's seconds and response."""
    from concurrent.futures import ThreadPoolExecutor

    def worker(count: int) -> list[tuple[float, httpx.Response]]:
        with httpx.Client(base_url=base_url, timeout=10) as client:
            return [_timed(client, method, path, payload) for _ in range(count)]

    per_worker = [requests // concurrency] * concurrency
    with ThreadPoolExecutor(concurrency) as pool:
        results = [r for batch in pool.map(worker, per_worker) for r in batch]
    return [seconds for seconds, _ in results], [response for _, response in results]


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]


def _remaining(response: httpx.Response) -> int:
    """The rate limit's remaining count, under either header family the frameworks send."""
    value = response.headers.get("x-ratelimit-remaining") or response.headers.get("ratelimit-remaining")
    assert value is not None, f"no rate-limit header: {dict(response.headers)}"
    return int(value)


def _assert_served_without_redis(base_url: str, api_style: str) -> None:
    """Redis down: the posts list is served from the database, under a short load, every call
    200 and p99 within the bound; the rate limits keep counting (in process memory)."""
    method, path, payload = POSTS_LIST[api_style]
    seconds, responses = _load(base_url, method, path, payload)
    failed = [f"{r.status_code} {r.text[:200]}" for r in responses if r.status_code != 200]
    assert not failed, f"{len(failed)} of {len(responses)} failed with Redis down: {failed[:3]}"
    assert _p99(seconds) < LOAD_P99_BOUND_S, \
        f"p99 {_p99(seconds) * 1000:.0f} ms with Redis down (bound {LOAD_P99_BOUND_S * 1000:.0f} ms)"
    with httpx.Client(base_url=base_url, timeout=10) as client:
        first, second = (_remaining(client.request(method, path, json=payload)) for _ in range(2))
    assert second == first - 1, f"the rate limit did not count with Redis down: {first}, {second}"


def _outage_lines(log: Path, dependency: str) -> list[str]:
    """The log lines about ``dependency`` (``database`` or ``cache``) becoming unavailable or
    available again."""
    lines = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("dependency") == dependency:
            lines.append(record.get("msg", ""))
    return lines


@pytest.mark.timeout(300)
def test_outages_are_answered_and_recovered_from(stack: Stack, private_server) -> None:
    """With a dependency down, /ready answers 503 naming it and the app stays up (/health 200).
    The database down: every API call answers 503 SERVICE_UNAVAILABLE with Retry-After within the
    bound. Redis down: the API is served from the database under a short load within the p99
    bound, and the rate limits keep counting. Each outage is logged once when it starts and once
    when it ends; when the dependency is back, all recovers without a restart. Private servers,
    so the shared ones keep serving the other stacks."""
    stack.require("build")
    dependencies = {}
    env = dict(stack.app_env, PORT=str(free_port()))
    if stack.database == "mongodb":
        # MONGODB_URL is a server of its own that this test must not stop: the cache only.
        stack.require_database_server()
        env["DATABASE_URL"] = stack.new_database("readiness")
    elif stack.database in SERVER_FIXTURES:
        dependencies["database"] = private_server(SERVER_FIXTURES[stack.database])
        env["DATABASE_URL"] = dependencies["database"].create_database("readiness")
    else:
        env["DATABASE_URL"] = stack.new_database("readiness")
    if stack.answers.get("cache", "redis") == "redis":
        dependencies["cache"] = private_server("redis")
        env["REDIS_URL"] = dependencies["cache"].url()
    if not dependencies:
        reason = ("MONGODB_URL is not its own to stop" if stack.database == "mongodb" else
                  f"{stack.database} is a file in the app's process")
        pytest.skip(f"{stack.id}: nothing to stop: {reason} and there is no cache server")
    run(["npm", "run", "db:migrate"], cwd=stack.dir, env=env, timeout=120)
    base_url = f"http://127.0.0.1:{env['PORT']}"
    method, path, payload = POSTS_LIST[stack.api_style]
    log = stack.tmp / "readiness.log"
    server = _boot(stack, env, stack.dir, log)
    try:
        wait_for_http(f"{base_url}/health", timeout=60, proc=server)
        assert _ready(base_url)[0] == 200
        for name, dependency in dependencies.items():
            with dependency.down():
                _eventually(lambda: _ready(base_url)[0] == 503, f"503 with {name} down")
                status, body = _ready(base_url)
                assert body["checks"][name] == "error", body
                assert httpx.get(f"{base_url}/health", timeout=10).status_code == 200
                if name == "database":
                    _assert_api_unavailable(base_url, stack.api_style, stack.auth)
                else:
                    _assert_served_without_redis(base_url, stack.api_style)
            _eventually(lambda: _ready(base_url) == (200, {
                "status": "ok", "checks": {k: "ok" for k in body["checks"]}}),
                f"ready again once {name} is back")
            _eventually(lambda: httpx.request(method, f"{base_url}{path}", json=payload,
                                              timeout=10).status_code == 200,
                        f"the API serving again once {name} is back")
            _eventually(lambda: len(_outage_lines(log, name)) >= 2,
                        f"the end of the {name} outage logged")
            assert _outage_lines(log, name) == [f"{name} unavailable", f"{name} available again"], \
                f"the {name} outage is logged once when it starts and once when it ends"
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n--- server log ---\n{log.read_text()[-4000:]}") from None
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(15) == 0, f"exit code after SIGTERM\n{log.read_text()[-4000:]}"
