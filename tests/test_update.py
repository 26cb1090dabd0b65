"""Update tier (docs/architecture.md, "How the template is tested"): ``copier update`` brings
template changes into a customised project, keeps the user's edits, never touches .env, and
changed answers remove the files of the old choice.

The first test's template is a temporary git repository holding a copy of this working tree
(git's view: tracked and untracked files, ignored ones left out), tagged v0.0.1; a change to it
is tagged v0.0.2.

The second updates a project rendered from the first release (CHANGELOG.md names its commit,
read from this repository's history) to this working tree, and proves the user's edits kept, no
stale file left and the result green: installed, type-checked, linted, formatted and tested. When
a template change makes one of its edits conflict or vanish, CHANGELOG.md's Upgrading note says
what users do by hand, and this test does the same after its update.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import copier
import pytest
import yaml

from helpers import REPO_ROOT, node_env, render, run
from questionnaire import commit_all, copy_template, git
from services import in_ci

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


# ------------------------------------------------- from the first release to this working tree

# Users' projects were rendered from this commit (CHANGELOG.md, [0.1.0]); tags may be missing.
RELEASE, RELEASE_COMMIT = "v0.1.0", "ce2bd3f07bc6b8fa733e201cfc4464a3c706fc33"
NEXT = "v0.2.0.dev0"  # this working tree, tagged as the next release would be

# The user's edits: a README line, a changed line of a generated service, a dependency, and
# files of their own that use it (built, linted and tested with the project).
README_LINE = "Staging: https://staging.example.com (deployed from main)."
# The line is in both versions of the file, while 0.2.0 moves the cache code and the ownership
# rule out of it (into src/services/cached-post.service.ts and post-ownership.ts; CHANGELOG.md's
# Upgrading note says where an edit of those goes): the edit survives a rewrite of the file.
SERVICE = "src/services/post.service.ts"
SERVICE_LINE = "  list(query: PageQuery): Promise<Page<Post>>;"
SERVICE_EDIT = "  list(page: PageQuery): Promise<Page<Post>>;"
DEPENDENCY, DEPENDENCY_VERSION = "slugify", "1.6.9"
OWN_FILES = {
    "src/lib/slug.ts": """\
import slugify from 'slugify';

/** A URL-safe, lower-case slug of a post title. */
export function slug(title: string): string {
  return slugify(title, { lower: true, strict: true });
}
""",
    "test/slug.test.ts": """\
import { describe, expect, it } from 'vitest';
import { slug } from '../src/lib/slug.js';

describe('slug', () => {
  it('lower-cases a title and drops what is not URL-safe', () => {
    expect(slug('Hello, World & Friends!')).toBe('hello-world-and-friends');
  });
});
""",
}


def make_user_edits(project: Path) -> None:
    """What the user did to their project; also applied to a fresh render of the new version,
    which the updated project must then equal."""
    readme = project / "README.md"
    readme.write_text(readme.read_text() + f"\n{README_LINE}\n")

    service = project / SERVICE
    text = service.read_text()
    assert text.count(SERVICE_LINE) == 1, (
        f"{SERVICE} of this render has no single `{SERVICE_LINE}`: a user who changed it "
        "must be told in CHANGELOG.md's Upgrading note where it went, and this test must do that")
    service.write_text(text.replace(SERVICE_LINE, SERVICE_EDIT))

    # as `npm install slugify` leaves package.json (sorted, two-space indent), pinned
    package = project / "package.json"
    text = package.read_text()
    data = json.loads(text)
    assert json.dumps(data, indent=2, ensure_ascii=False) + "\n" == text, \
        "package.json is not laid out as npm writes it"
    deps = {**data["dependencies"], DEPENDENCY: DEPENDENCY_VERSION}
    data["dependencies"] = dict(sorted(deps.items()))
    package.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    for rel, content in OWN_FILES.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(content)


def release_then_working_tree(dest: Path) -> Path:
    """A template repository: the tree of the first release, tagged RELEASE, then this working
    tree (what copy_template copies), tagged NEXT."""
    archive = dest.parent / "release.tar"
    try:
        git(REPO_ROOT, "archive", f"--output={archive}", RELEASE_COMMIT)
    except subprocess.CalledProcessError as exc:
        reason = (f"this clone's history lacks the release commit {RELEASE_COMMIT[:7]} "
                  f"({exc.stderr.strip()}); a shallow clone needs `git fetch --unshallow`")
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    dest.mkdir()
    subprocess.run(["tar", "-xf", str(archive), "-C", str(dest)], check=True)
    commit_all(dest, f"release {RELEASE}", tag=RELEASE)
    for child in dest.iterdir():
        if child.name == ".git":
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    copy_template(dest)
    commit_all(dest, "this working tree", tag=NEXT)
    return dest


def test_the_changelog_names_the_release_the_update_starts_from() -> None:
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text()
    sections = re.split(r"^## ", changelog, flags=re.MULTILINE)[1:]
    releases = {section.split("]", 1)[0].lstrip("["): section for section in sections}
    assert list(releases)[0] == "Unreleased", "CHANGELOG.md does not start with [Unreleased]"
    assert RELEASE_COMMIT in releases[RELEASE.removeprefix("v")], \
        f"CHANGELOG.md's [{RELEASE.removeprefix('v')}] does not name commit {RELEASE_COMMIT}"
    lacking = [name for name, section in releases.items() if "### Upgrading" not in section]
    assert not lacking, f"releases without an Upgrading note: {lacking}"


def npm_env(project: Path) -> dict[str, str]:
    """Node 24, none of the app's variables from the caller's shell: `npm test` on its defaults
    (an embedded PGlite database and an in-memory cache), as a user's first run."""
    env = node_env({"NO_COLOR": "1"})
    env.pop("FORCE_COLOR", None)
    for var in re.findall(r"^([A-Z][A-Z0-9_]*)=", (project / ".env.example").read_text(),
                          flags=re.MULTILINE):
        env.pop(var, None)
    return env


@pytest.mark.timeout(1500)
def test_update_from_the_first_release_keeps_edits_leaves_nothing_stale_and_stays_green(
        tmp_path: Path, node24: str) -> None:
    template = release_then_working_tree(tmp_path / "template")

    # The default stack rendered from the release, committed, then edited and committed again.
    project = render(tmp_path / "project", src=template, vcs_ref=RELEASE)
    assert answers(project)["_commit"] == RELEASE
    commit_all(project, f"generated from {RELEASE}")
    env_before = (project / ".env").read_text()
    make_user_edits(project)
    commit_all(project, "user edits")

    copier.run_update(str(project), vcs_ref=NEXT, overwrite=True, unsafe=True, defaults=True,
                      quiet=True)

    assert answers(project)["_commit"] == NEXT
    assert_no_conflicts(project)
    assert README_LINE in (project / "README.md").read_text(), "the user's README line was lost"
    service = (project / SERVICE).read_text()
    assert SERVICE_EDIT in service and SERVICE_LINE not in service, \
        f"the user's edit of {SERVICE} was lost"
    assert json.loads((project / "package.json").read_text())["dependencies"].get(DEPENDENCY) \
        == DEPENDENCY_VERSION, "the user's dependency was lost"
    for rel, content in OWN_FILES.items():
        assert (project / rel).read_text() == content, f"the user's {rel} was changed or lost"
    assert (project / ".env").read_text() == env_before, ".env was touched by the update"

    # Exactly the new version with the same answers, plus the user's edits: nothing stale
    # (moved or deleted by the new version), nothing missing, every template change arrived.
    expected = render(tmp_path / "expected", src=template, vcs_ref=NEXT,
                      answers={k: v for k, v in answers(project).items()
                               if not k.startswith("_")})
    make_user_edits(expected)
    stale = sorted(tree(project) - tree(expected))
    assert not stale, f"files neither the new version renders nor the user made: {stale}"
    missing = sorted(tree(expected) - tree(project))
    assert not missing, f"files of the new version missing after the update: {missing}"
    differ = sorted(rel for rel in (tree(project) & tree(expected)) - {".env"}
                    if (project / rel).read_bytes() != (expected / rel).read_bytes())
    assert not differ, f"files unlike the new version with the user's edits: {differ}"
    commit_all(project, f"update to {NEXT}")

    env = npm_env(project)
    run(["npm", "install", "--prefer-offline", "--no-audit", "--no-fund"], cwd=project, env=env)
    for script in ("typecheck", "lint", "format:check"):
        run(["npm", "run", script], cwd=project, env=env)
    run(["npm", "test"], cwd=project, env=env, timeout=900)
