"""Interactive tier (docs/architecture.md, "How the template is tested"): the real questionnaire
driven through a pseudo-terminal.

``copier copy`` runs in a pty (TERM=xterm, 50x200); the test reads the screen the way a user
does: each stack question says what the need recommends and why, the recommended pick is marked
"(recommended)" and preselected (questionary's pointer "»"), an option that is not generated yet
is listed but greyed out with its reason (and the help says what is preselected instead), arrow
keys override a pick.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from helpers import REPO_ROOT
from questionnaire import decision_rows

pytestmark = pytest.mark.interactive

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
DOWN, UP, ENTER = "\x1b[B", "\x1b[A", "\r"


class Screen:
    """A copier process in a pseudo-terminal, read as plain text."""

    def __init__(self, dest: Path) -> None:
        copier_bin = Path(sys.executable).parent / "copier"
        env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", NO_COLOR="1")
        self.child = pexpect.spawn(
            str(copier_bin), ["copy", "--trust", "--vcs-ref", "HEAD", str(REPO_ROOT), str(dest)],
            cwd=str(REPO_ROOT), env=env, encoding="utf-8", dimensions=(50, 200), timeout=30)
        self.transcript = ""

    def question(self, title: str) -> str:
        """Wait for ``title`` to be asked and the screen to settle; return that prompt's text."""
        try:
            self.child.expect(re.escape(title))
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            raise AssertionError(
                f"{title!r} was never asked; screen:\n{self.plain(self.child.before)[-3000:]}"
            ) from exc
        text = self.child.before + self.child.after + self._settle()
        self.transcript += text
        plain = self.plain(text)
        return plain[plain.rindex(title):]

    def _settle(self, quiet: float = 0.4) -> str:
        """What is already buffered plus whatever arrives until the screen is quiet."""
        out, self.child.buffer = self.child.buffer, ""
        while True:
            try:
                out += self.child.read_nonblocking(65536, timeout=quiet)
            except pexpect.TIMEOUT:
                return out

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)
            time.sleep(0.15)

    def answer(self, title: str, *keys: str) -> str:
        screen = self.question(title)
        self.keys(*keys, ENTER)
        return screen

    def finish(self) -> str:
        self.child.expect(pexpect.EOF, timeout=120)
        self.child.close()
        return self.plain(self.child.before or "")

    @staticmethod
    def plain(text: str) -> str:
        return ANSI.sub("", text).replace("\r", "")


def pointed(screen: str) -> str:
    """The choice under questionary's pointer in the last rendering of a select prompt."""
    lines = [line.strip() for line in screen.splitlines() if line.strip().startswith("»")]
    assert lines, f"no pointer on screen:\n{screen}"
    return lines[-1].removeprefix("»").strip()


def test_recommended_pick_is_preselected_and_can_be_overridden(tmp_path: Path) -> None:
    """Needs: High-performance API (-> Fastify) and a single instance (-> in-memory cache).
    The cache question opens on "In-memory"; the user moves to "Redis"; the answers file
    keeps both the need and the override, and docs/DECISIONS.md marks it."""
    dest = tmp_path / "project"
    screen = Screen(dest)
    try:
        screen.answer("Project name")
        screen.answer("One line that says what the service does")
        screen.answer("What are you building?")
        api = screen.question("Which need comes first for your API?")
        assert pointed(api) == "Public API, multiple clients -> REST with OpenAPI"
        # public_api is 2nd of 6; High-performance is 6th.
        screen.keys(DOWN, DOWN, DOWN, DOWN, ENTER)
        screen.answer("What does your data need?")
        screen.answer("What do you want from the data layer?")
        screen.answer("How should users sign in?")
        cache_need = screen.question("Do you need a cache?")
        assert pointed(cache_need) == "Caching shared by every instance -> Redis"
        screen.keys(DOWN, ENTER)

        language = screen.answer("Language")
        assert pointed(language) == "TypeScript on Node.js 24 (recommended)"
        api_style = screen.question("API style")
        assert pointed(api_style) == "REST with OpenAPI (recommended)"
        assert "tRPC" in api_style and "GraphQL" in api_style, api_style
        assert "not generated yet" not in api_style, api_style
        screen.keys(ENTER)
        framework = screen.answer("Web framework")
        assert pointed(framework) == "Fastify 5 (recommended)", "High-performance -> Fastify"
        screen.answer("Database")
        screen.answer("ORM or query layer")
        auth = screen.answer("Authentication")
        # Not generated yet: listed, disabled (questionary's "- " prefix), the reason beside it.
        assert re.search(r"- Clerk \(clerk is not generated yet \(see the option table in the "
                         r"README\)\)", auth), auth

        cache = screen.question("Cache (also backs the rate limiter)")
        assert pointed(cache) == "In-memory (recommended)", "the single-instance recommendation"
        screen.keys(UP)  # override: Redis is the choice above
        time.sleep(0.3)
        screen.keys(ENTER)
        tail = screen.finish()
    finally:
        if screen.child.isalive():
            screen.child.terminate(force=True)

    assert screen.child.exitstatus == 0, tail[-3000:]
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["need_api"] == "high_performance"
    assert answers["framework"] == "fastify"
    assert answers["need_cache"] == "single_instance"
    assert answers["cache"] == "redis"
    rows = decision_rows((dest / "docs/DECISIONS.md").read_text())
    assert (rows["Cache"]["Chosen"], rows["Cache"]["Recommended"]) == ("`redis`", "`memory`")
    assert [pick for pick, row in rows.items() if row["Overridden"] == "yes"] == ["Cache"]


def flat(screen: str) -> str:
    """The prompt's text with its lines joined (a long help wraps at the terminal's width)."""
    return " ".join(screen.split())


def test_each_pick_shows_its_recommendation_and_why_or_what_is_preselected_instead(
        tmp_path: Path) -> None:
    """Needs: Traditional Node.js (-> Express) and Fastest setup, managed (-> Clerk, not
    generated yet). The framework prompt names Express with its row's reason and points at
    "Express 5 (recommended)"; the authentication prompt says Clerk is recommended but not
    generated yet and that JWT is preselected, greys Clerk out still marked, and points at JWT."""
    dest = tmp_path / "project"
    screen = Screen(dest)
    try:
        screen.answer("Project name")
        screen.answer("One line that says what the service does")
        screen.answer("What are you building?")
        screen.answer("Which need comes first for your API?", DOWN, DOWN, DOWN)  # Traditional
        screen.answer("What does your data need?")
        screen.answer("What do you want from the data layer?")
        auth_need = flat(screen.answer("How should users sign in?", DOWN, DOWN))  # managed
        assert "Clerk" in auth_need and "not generated yet: self-hosted JWT is preselected" \
            in auth_need, auth_need
        screen.answer("Do you need a cache?")
        screen.answer("Language")
        screen.answer("API style")
        framework = screen.question("Web framework")
        assert "Your need recommends Express: the most widely used Node.js framework" \
            in flat(framework), framework
        assert pointed(framework) == "Express 5 (recommended)", framework
        screen.keys(ENTER)
        screen.answer("Database")
        screen.answer("ORM or query layer")
        auth = screen.question("Authentication")
        assert ("Your need recommends Clerk (the fastest setup, with sign-in run by a managed "
                "provider), which is not generated yet: self-hosted JWT is preselected.") \
            in flat(auth), auth
        assert pointed(auth) == "Self-hosted JWT with rotating refresh tokens", auth
        assert "- Clerk (recommended) (clerk is not generated yet" in auth, auth
        screen.keys(ENTER)
        screen.answer("Cache (also backs the rate limiter)")
        tail = screen.finish()
    finally:
        if screen.child.isalive():
            screen.child.terminate(force=True)
    assert screen.child.exitstatus == 0, tail[-3000:]
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert (answers["need_auth"], answers["auth"]) == ("managed", "jwt")
    assert answers["framework"] == "express"


def test_a_refused_recommendation_still_lets_the_user_choose(tmp_path: Path) -> None:
    """Needs: Edge/serverless (-> Hono) and Maximum flexibility (-> Passport), a pair the
    template refuses ("Passport is Connect middleware and Hono is not Connect-compatible").
    Impossible pairs are greyed out with a reason *in the prompt* (docs/architecture.md). The prompt
    must still be asked — with the refused option disabled and the pointer on an option the
    user can take — and the run must succeed; it must not end in a traceback."""
    dest = tmp_path / "project"
    screen = Screen(dest)
    try:
        screen.answer("Project name")
        screen.answer("One line that says what the service does")
        screen.answer("What are you building?")
        screen.answer("Which need comes first for your API?", DOWN, DOWN)  # -> Edge: Hono
        screen.answer("What does your data need?")
        screen.answer("What do you want from the data layer?")
        screen.answer("How should users sign in?", *[DOWN] * 7)  # -> Maximum flexibility
        screen.answer("Do you need a cache?")
        for title in ("Language", "API style", "Web framework", "Database",
                      "ORM or query layer"):
            prompt = screen.question(title)
            assert not pointed(prompt).startswith("- "), f"{title}: pointer on a refused option"
            screen.keys(ENTER)
        auth = screen.question("Authentication")
        assert "- Passport (Passport is Connect middleware" in auth or \
            "- Passport (passport is not generated yet" in auth, auth
        assert not pointed(auth).startswith("- "), auth
        screen.keys(ENTER)
        screen.answer("Cache (also backs the rate limiter)")
        tail = screen.finish()
    finally:
        if screen.child.isalive():
            screen.child.terminate(force=True)
    assert screen.child.exitstatus == 0, tail[-3000:]
    assert yaml.safe_load((dest / ".copier-answers.yml").read_text())["auth"] != "passport"
