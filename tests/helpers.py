"""Helpers shared by every tier of the template's own tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import copier

REPO_ROOT = Path(__file__).resolve().parent.parent
TOOLS_DIR = Path(os.environ.get("COPIER_BACKEND_TOOLS", REPO_ROOT / ".tools"))
# What `copier copy --defaults` renders: the answers every test stack starts from.
DEFAULT_STACK = {"language": "typescript", "api_style": "rest", "framework": "fastify",
                 "database": "postgresql", "orm": "drizzle", "auth": "jwt", "cache": "redis"}


def render(dest: Path, answers: dict[str, Any] | None = None, *, src: Path | str = REPO_ROOT,
           vcs_ref: str | None = "HEAD", defaults: bool = True) -> Path:
    """Render the template into ``dest`` non-interactively, the way a user's ``--data`` would."""
    copier.run_copy(
        str(src),
        dest,
        data=answers or {},
        defaults=defaults,
        unsafe=True,
        vcs_ref=vcs_ref,
        quiet=True,
    )
    return dest


def node_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment with Node 24 (installed by .ci/run into TOOLS_DIR) first on PATH."""
    env = dict(os.environ)
    node_bin = TOOLS_DIR / "node_modules" / ".bin"
    env["PATH"] = f"{node_bin}{os.pathsep}{env['PATH']}"
    env.setdefault("npm_config_cache", str(TOOLS_DIR / "npm-cache"))
    env.update(extra or {})
    return env


def run(cmd: list[str] | str, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run a command, failing with its full output when it exits non-zero."""
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, text=True, capture_output=True, timeout=timeout,
        shell=isinstance(cmd, str),
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"{cmd!r} exited {proc.returncode} in {cwd}\n"
            f"--- stdout ---\n{proc.stdout[-8000:]}\n--- stderr ---\n{proc.stderr[-8000:]}"
        )
    return proc


def free_port() -> int:
    """A TCP port that is free on loopback right now (the OS picks it)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 30, proc: subprocess.Popen[Any] | None = None,
                  status: int | None = 200) -> None:
    """Poll ``url`` until it answers (with ``status`` unless None); fail early if ``proc`` dies."""
    import time

    import httpx

    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process exited {proc.returncode} before {url} answered")
        try:
            response = httpx.get(url, timeout=2)
            if status is None or response.status_code == status:
                return
            last = f"HTTP {response.status_code}: {response.text[:500]}"
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout}s (last: {last})")
