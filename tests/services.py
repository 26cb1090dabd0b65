"""Real database and cache servers on loopback for the template's tests and benchmarks.

Each server is a private instance from the Debian packages (PostgreSQL 15, Redis, MariaDB):
a temporary data directory, a free port on 127.0.0.1, stopped at the end. With
``COPIER_BACKEND_SERVERS=external`` the servers named by ``TEST_POSTGRES_URL``,
``TEST_REDIS_URL`` and ``TEST_MYSQL_URL`` are used instead (they cannot be stopped).

Plain Python (no pytest import at module level), so ``bench/`` can start servers the same way.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit



def _pg_bin() -> Path:
    """COPIER_BACKEND_PG_BIN, else Debian's newest /usr/lib/postgresql/<major>/bin (15 on bookworm)."""
    if os.environ.get("COPIER_BACKEND_PG_BIN"):
        return Path(os.environ["COPIER_BACKEND_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()
START_TIMEOUT = 60.0


class ServerUnavailable(Exception):
    """The server cannot be had on this machine (binary missing, start failed...)."""


def in_ci() -> bool:
    """CI=true (any value but empty/0/false/no): unavailable servers fail instead of skipping."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def external() -> bool:
    return os.environ.get("COPIER_BACKEND_SERVERS", "").strip().lower() == "external"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _as_user(user: str) -> list[str]:
    """Prefix that runs a command as ``user`` when we are root (servers refuse to run as root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(user)
    except KeyError as exc:
        raise ServerUnavailable(f"running as root but system user {user!r} does not exist") from exc
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", user, "--"]
    return ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--"]


def _chown(path: Path, user: str) -> None:
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        for root, dirs, files in os.walk(path):
            for name in [root, *(os.path.join(root, d) for d in dirs),
                         *(os.path.join(root, f) for f in files)]:
                os.chown(name, entry.pw_uid, entry.pw_gid)


def _need(binary: str | Path, package: str) -> str:
    found = shutil.which(str(binary))
    if not found:
        raise ServerUnavailable(
            f"{binary} not found: install the Debian package {package!r} (bash .ci/setup does)"
        )
    return found


def _run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, text=True, capture_output=True, **kw)  # type: ignore[call-overload]
    if proc.returncode != 0:
        raise ServerUnavailable(
            f"{' '.join(map(str, cmd))} exited {proc.returncode}\n{proc.stdout[-4000:]}"
            f"\n{proc.stderr[-4000:]}"
        )
    return proc


def _wait(check, what: str, log: Path | None = None, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            break
        if check():
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise ServerUnavailable(f"{what} did not become ready\n{tail}")


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"not a safe database name: {name!r}")
    return name


class Server:
    """A server the tests may stop and start again (readiness recovery)."""

    name = "server"
    port: int = 0
    stoppable = True

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stop for good and remove the data directory."""
        self.stop()

    def running(self) -> bool:
        return bool(self.port) and _port_open(self.port)

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """``with server.down(): ...`` — the server is stopped inside, running again after."""
        if not self.stoppable:
            raise ServerUnavailable(f"the external {self.name} cannot be stopped")
        self.stop()
        try:
            yield
        finally:
            self.start()


# ---------------------------------------------------------------- PostgreSQL


class Postgres(Server):
    name = "PostgreSQL"

    def __init__(self) -> None:
        self.initdb = _need(PG_BIN / "initdb", "postgresql")
        self.pg_ctl = _need(PG_BIN / "pg_ctl", "postgresql")
        self.psql = _need(PG_BIN / "psql", "postgresql")
        self.user = "postgres"
        self.tmp = Path(tempfile.mkdtemp(prefix="cb-postgres-"))
        os.chmod(self.tmp, 0o755)
        self.data = self.tmp / "data"
        self.sock = self.tmp / "sock"
        self.sock.mkdir()
        self.log = self.tmp / "server.log"
        self.log.touch()
        _chown(self.tmp, self.user)
        _run([*_as_user(self.user), self.initdb, "-D", str(self.data), "-U", "postgres",
              "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
        self.port = _free_port()
        self.start()

    def start(self) -> None:
        if self.running():
            return
        for attempt in range(3):
            opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.sock}"
                    " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                    " -c max_connections=200")
            proc = subprocess.run(
                [*_as_user(self.user), self.pg_ctl, "-D", str(self.data), "-l", str(self.log),
                 "-o", opts, "-w", "-t", str(int(START_TIMEOUT)), "start"],
                text=True, capture_output=True,
            )
            if proc.returncode == 0:
                _wait(self.running, "PostgreSQL", self.log)
                return
            if "could not bind" in self.log.read_text(errors="replace") and attempt < 2:
                self.port = _free_port()  # somebody took the port meanwhile
                continue
            raise ServerUnavailable(f"pg_ctl start failed\n{proc.stdout}{proc.stderr}\n"
                                    f"{self.log.read_text(errors='replace')[-4000:]}")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*_as_user(self.user), self.pg_ctl, "-D", str(self.data), "-m", "fast",
                            "-w", "stop"], capture_output=True, text=True)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres:postgres@127.0.0.1:{self.port}/{dbname}"

    def sql(self, statement: str, dbname: str = "postgres") -> str:
        return _run([self.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.url(dbname),
                     "-c", statement]).stdout

    def create_database(self, name: str) -> str:
        """(Re)create an empty database and return its URL."""
        self.sql(f'DROP DATABASE IF EXISTS "{_ident(name)}" WITH (FORCE)')
        self.sql(f'CREATE DATABASE "{_ident(name)}"')
        return self.url(name)


class ExternalPostgres(Postgres):
    stoppable = False

    def __init__(self, url: str) -> None:  # noqa: D107 - deliberately skips Postgres.__init__
        self.base = url
        self.port = urlsplit(url).port or 5432
        self.psql = _need(shutil.which("psql") or PG_BIN / "psql", "postgresql-client")

    def running(self) -> bool:
        return _port_open(self.port, urlsplit(self.base).hostname or "127.0.0.1")

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

    def url(self, dbname: str = "postgres") -> str:
        return _with_path(self.base, f"/{dbname}")


# ---------------------------------------------------------------- Redis


class Redis(Server):
    name = "Redis"

    def __init__(self) -> None:
        self.binary = _need("redis-server", "redis-server")
        self.tmp = Path(tempfile.mkdtemp(prefix="cb-redis-"))
        self.log = self.tmp / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = _free_port()
        self.start()

    def _ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        for attempt in range(3):
            with self.log.open("ab") as log:
                self.proc = subprocess.Popen(
                    [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", str(self.tmp),
                     "--daemonize", "no", "--protected-mode", "yes", "--maxclients", "1000"],
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                )
            try:
                _wait(self._ping, "Redis", self.log, self.proc)
                return
            except ServerUnavailable:
                if self.proc.poll() is not None and attempt < 2:
                    self.port = _free_port()
                    continue
                raise

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class ExternalRedis(Redis):
    stoppable = False

    def __init__(self, url: str) -> None:  # noqa: D107
        self.base = url
        self.port = urlsplit(url).port or 6379

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

    def running(self) -> bool:
        return _port_open(self.port, urlsplit(self.base).hostname or "127.0.0.1")

    def url(self, db: int = 0) -> str:
        return _with_path(self.base, f"/{db}")


# ---------------------------------------------------------------- MariaDB (MySQL protocol)


class MariaDB(Server):
    name = "MariaDB"
    user = "test"
    password = "test"

    def __init__(self) -> None:
        self.binary = _need(shutil.which("mariadbd") or "/usr/sbin/mariadbd", "mariadb-server")
        self.install_db = _need("mariadb-install-db", "mariadb-server")
        self.client = _need("mariadb", "mariadb-client")
        self.os_user = "mysql"
        self.tmp = Path(tempfile.mkdtemp(prefix="cb-mariadb-"))
        os.chmod(self.tmp, 0o755)
        self.data = self.tmp / "data"
        self.socket = self.tmp / "mysqld.sock"
        self.log = self.tmp / "server.log"
        self.log.touch()
        user_args = [f"--user={self.os_user}"] if os.geteuid() == 0 else []
        _chown(self.tmp, self.os_user)
        _run([self.install_db, "--no-defaults", *user_args, f"--datadir={self.data}",
              "--auth-root-authentication-method=normal", "--skip-test-db",
              "--skip-name-resolve"])
        self.user_args = user_args
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = _free_port()
        self.start()
        self._client_sql(
            f"CREATE USER IF NOT EXISTS '{self.user}'@'%' IDENTIFIED BY '{self.password}';"
            f"CREATE USER IF NOT EXISTS '{self.user}'@'localhost' IDENTIFIED BY '{self.password}';"
            f"GRANT ALL ON *.* TO '{self.user}'@'%' WITH GRANT OPTION;"
            f"GRANT ALL ON *.* TO '{self.user}'@'localhost' WITH GRANT OPTION;"
            "FLUSH PRIVILEGES;"
        )

    def _client_sql(self, statement: str) -> str:
        # as root over the private socket: no password was ever set for it
        return _run([self.client, "--no-defaults", "-uroot", f"--socket={self.socket}",
                     "-N", "-B", "-e", statement]).stdout

    def _alive(self) -> bool:
        return self.socket.exists() and _port_open(self.port)

    def start(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        for attempt in range(3):
            with self.log.open("ab") as log:
                self.proc = subprocess.Popen(
                    [self.binary, "--no-defaults", *self.user_args, f"--datadir={self.data}",
                     f"--socket={self.socket}", f"--port={self.port}", "--bind-address=127.0.0.1",
                     f"--pid-file={self.tmp / 'mysqld.pid'}", "--skip-name-resolve",
                     "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
                     "--skip-log-bin", "--max-connections=300",
                     "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"],
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                )
            try:
                _wait(self._alive, "MariaDB", self.log, self.proc)
                return
            except ServerUnavailable:
                if self.proc.poll() is not None and attempt < 2:
                    self.port = _free_port()
                    continue
                raise

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def url(self, dbname: str = "mysql") -> str:
        return f"mysql://{self.user}:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def sql(self, statement: str) -> str:
        return self._client_sql(statement)

    def create_database(self, name: str) -> str:
        self.sql(f"DROP DATABASE IF EXISTS `{_ident(name)}`; CREATE DATABASE `{_ident(name)}`;")
        return self.url(name)


class ExternalMariaDB(MariaDB):
    stoppable = False

    def __init__(self, url: str) -> None:  # noqa: D107
        self.base = url
        self.port = urlsplit(url).port or 3306
        self.client = _need("mariadb", "mariadb-client")

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass

    def running(self) -> bool:
        return _port_open(self.port, urlsplit(self.base).hostname or "127.0.0.1")

    def url(self, dbname: str = "mysql") -> str:
        return _with_path(self.base, f"/{dbname}")

    def sql(self, statement: str) -> str:
        parts = urlsplit(self.base)
        return _run([self.client, "--no-defaults", f"-h{parts.hostname}", f"-P{self.port}",
                     f"-u{parts.username or 'root'}", f"-p{parts.password or ''}",
                     "-N", "-B", "-e", statement]).stdout


# ---------------------------------------------------------------- entry points


def _external_url(var: str) -> str:
    url = os.environ.get(var)
    if not url:
        raise ServerUnavailable(f"COPIER_BACKEND_SERVERS=external but {var} is not set")
    return url


def _closed_at_exit(server: Server) -> Server:
    atexit.register(server.close)  # also covers interrupted sessions and bench scripts
    return server


def start_postgres() -> Postgres:
    if external():
        return ExternalPostgres(_external_url("TEST_POSTGRES_URL"))
    return _closed_at_exit(Postgres())  # type: ignore[return-value]


def start_redis() -> Redis:
    if external():
        return ExternalRedis(_external_url("TEST_REDIS_URL"))
    return _closed_at_exit(Redis())  # type: ignore[return-value]


def start_mariadb() -> MariaDB:
    if external():
        return ExternalMariaDB(_external_url("TEST_MYSQL_URL"))
    return _closed_at_exit(MariaDB())  # type: ignore[return-value]
