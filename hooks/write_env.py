"""Write .env once, from .env.example, with a fresh random value for every *_SECRET variable.

Run by copier as a task after the first copy (never on update). An existing .env is never
touched, and secrets never enter the answers file.
"""

from __future__ import annotations

import re
import secrets
import sys
from pathlib import Path

SECRET_LINE = re.compile(r"^(?P<key>[A-Z][A-Z0-9_]*_SECRET)=.*$")


def render_env(example: str) -> str:
    """Return .env text: the example with each secret replaced by 48 random URL-safe bytes."""
    lines = []
    for line in example.splitlines():
        match = SECRET_LINE.match(line)
        lines.append(f"{match['key']}={secrets.token_urlsafe(48)}" if match else line)
    return "\n".join(lines) + "\n"


def main(project: Path) -> int:
    env_file, example = project / ".env", project / ".env.example"
    if env_file.exists():
        print(".env exists: left as it is")
        return 0
    if not example.exists():
        print(".env.example is missing: no .env written", file=sys.stderr)
        return 1
    env_file.write_text(render_env(example.read_text()))
    env_file.chmod(0o600)
    print(".env written with fresh secrets")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path.cwd()))
