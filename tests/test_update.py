"""Update tier (docs/architecture.md, "How the template is tested"): ``copier update`` brings
template changes into a customised project, keeps the user's edits, never touches .env, and
changed answers remove the files of the old choice.

The template is a temporary git repository holding a copy of this working tree (git's view:
tracked and untracked files, ignored ones left out), tagged v0.0.1; a change to it is tagged
v0.0.2.
"""

from __future__ import annotations

import json
from pathlib import Path

import copier
import pytest
import yaml

from questionnaire import commit_all, copy_template, git

pytestmark = pytest.mark.update

TEMPLATE_CHANGE = "Template change shipped in v0.0.2."
USER_LINE = "A line the user added to the README."
CUSTOM_FILE = "src/custom.ts"
CUSTOM_TEXT = "export const custom = 'kept across updates';\n"


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """copier commits in temporary repositories during an update; give git an identity."""
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(var, "Test")
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(var, "test@example.com")


def tree(project: Path) -> set[str]:
    return {str(p.relative_to(project)) for p in project.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(project).parts}


def dependencies(project: Path) -> set[str]:
    package = json.loads((project / "package.json").read_text())
    return {name for section in ("dependencies", "devDependencies", "optionalDependencies")
            for name in package.get(section, {})}


def answers(project: Path) -> dict[str, object]:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def assert_no_conflicts(project: Path) -> None:
    rejects = [p for p in tree(project) if p.endswith(".rej")]
    marked = [p for p in tree(project)
              if "<<<<<<<" in (project / p).read_text(errors="replace")
              or ">>>>>>>" in (project / p).read_text(errors="replace")]
    assert not rejects and not marked, f".rej files: {rejects}; conflict markers in: {marked}"


def test_update_keeps_user_edits_brings_template_changes_and_drops_the_old_choice(
        tmp_path: Path) -> None:
    # The template as it is now, tagged v0.0.1.
    template = copy_template(tmp_path / "template")
    commit_all(template, "template v0.0.1", tag="v0.0.1")

    # A project rendered from v0.0.1 (defaults: cache redis), committed, then edited by its user.
    project = tmp_path / "project"
    copier.run_copy(str(template), project, vcs_ref="v0.0.1", defaults=True, unsafe=True,
                    quiet=True)
    assert answers(project)["cache"] == "redis"
    assert "ioredis" in dependencies(project)
    env_before = (project / ".env").read_text()
    commit_all(project, "generated from v0.0.1")
    readme = project / "README.md"
    assert readme.exists(), "the template renders no README.md yet"
    readme.write_text(readme.read_text() + f"\n{USER_LINE}\n")
    (project / CUSTOM_FILE).parent.mkdir(parents=True, exist_ok=True)
    (project / CUSTOM_FILE).write_text(CUSTOM_TEXT)
    commit_all(project, "user edits")

    # The template changes a file the user did not touch; tagged v0.0.2.
    changed = template / "template/typescript/docs/DECISIONS.md.jinja"
    changed.write_text(changed.read_text() + f"\n{TEMPLATE_CHANGE}\n")
    commit_all(template, "template v0.0.2", tag="v0.0.2")

    copier.run_update(str(project), vcs_ref="v0.0.2", overwrite=True, unsafe=True,
                      defaults=True, quiet=True)

    assert USER_LINE in readme.read_text(), "the user's README edit was lost"
    assert (project / CUSTOM_FILE).read_text() == CUSTOM_TEXT, "the user's file was lost"
    assert TEMPLATE_CHANGE in (project / "docs/DECISIONS.md").read_text(), \
        "the template change did not arrive"
    assert answers(project)["_commit"] == "v0.0.2"
    assert (project / ".env").read_text() == env_before, ".env was touched by the update"
    assert_no_conflicts(project)
    commit_all(project, "update to v0.0.2")

    # What is Redis-specific: files a fresh cache=redis render has and a cache=none one lacks.
    fresh_redis = tmp_path / "fresh-redis"
    fresh_none = tmp_path / "fresh-none"
    for dest, cache in ((fresh_redis, "redis"), (fresh_none, "none")):
        copier.run_copy(str(template), dest, vcs_ref="v0.0.2", defaults=True, unsafe=True,
                        quiet=True, data={"cache": cache})
    redis_only = tree(fresh_redis) - tree(fresh_none)

    # Re-answer cache=none: the Redis files and references go away, nothing else is lost.
    copier.run_update(str(project), vcs_ref="v0.0.2", overwrite=True, unsafe=True,
                      defaults=True, quiet=True, data={"cache": "none"})

    assert answers(project)["cache"] == "none"
    assert answers(project)["need_cache"] == "shared"
    left = sorted(redis_only & tree(project))
    assert not left, f"Redis-specific files left behind: {left}"
    assert not [p for p in tree(project) if "redis" in p.lower()], "a Redis file is left"
    assert "ioredis" not in dependencies(project)
    importers = [p for p in tree(project)
                 if p.startswith(("src/", "test/")) and "ioredis" in (project / p).read_text()]
    assert not importers, f"code still uses ioredis: {importers}"
    assert "REDIS_URL" not in (project / ".env.example").read_text()
    assert "redis" not in (project / "docker-compose.yml").read_text().lower()
    missing = sorted(tree(fresh_none) - {".env"} - tree(project))
    assert not missing, f"files of the cache=none stack missing after the update: {missing}"
    assert USER_LINE in readme.read_text()
    assert (project / CUSTOM_FILE).read_text() == CUSTOM_TEXT
    assert TEMPLATE_CHANGE in (project / "docs/DECISIONS.md").read_text()
    assert (project / ".env").read_text() == env_before
    assert_no_conflicts(project)
    assert git(project, "status", "--porcelain") != "", "the update changed nothing"
