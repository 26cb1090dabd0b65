"""Helpers that evaluate copier.yml's real questionnaire without rendering a project.

Shared by tests/test_fast.py, tests/test_update.py and tests/test_interactive.py.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import yaml
from copier._main import Worker
from copier._user_data import AnswersMap, Question

from helpers import REPO_ROOT
from oracle import STACK_KEYS

AVAILABILITY = "questionnaire/availability.jinja"
NOT_GENERATED_YET_BLOCK = re.compile(r"set not_generated_yet = \{.*?\}", re.DOTALL)
PAIRS_NOT_GENERATED_YET_BLOCK = re.compile(r"set pairs_not_generated_yet = \[.*?\]", re.DOTALL)

# (pick, value, earlier pick, its answer): ``pick=value`` is refused after ``earlier=answer``.
Pair = tuple[str, str, str, str]


def copier_yml(root: Path = REPO_ROOT) -> dict[str, Any]:
    """copier.yml as data (questions and settings)."""
    return yaml.safe_load((root / "copier.yml").read_text())


def choice_values(question: Mapping[str, Any]) -> list[Any]:
    """The values of a question's choices, in order (plain or ``{value, validator}`` form)."""
    return [v["value"] if isinstance(v, dict) else v for v in question["choices"].values()]


def _availability(root: Path) -> Any:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root)))
    return env.get_template(AVAILABILITY).module


def not_generated_yet(root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """The ``not_generated_yet`` dict of questionnaire/availability.jinja, read by Jinja."""
    return dict(_availability(root).not_generated_yet)


def pairs_not_generated_yet(root: Path = REPO_ROOT) -> list[Pair]:
    """The ``pairs_not_generated_yet`` list of questionnaire/availability.jinja, read by Jinja."""
    return [tuple(pair) for pair in _availability(root).pairs_not_generated_yet]


def refused_pair(stack: Mapping[str, Any], pairs: list[Pair]) -> Pair | None:
    """The pair of ``stack`` that is not generated yet, if any."""
    return next((pair for pair in pairs
                 if stack.get(pair[0]) == pair[1] and stack.get(pair[2]) == pair[3]), None)


def decision_rows(text: str) -> dict[str, dict[str, str]]:
    """The table of a rendered docs/DECISIONS.md, as {pick title: {column: cell}}."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = [dict(zip(header, (c.strip() for c in line.strip("|").split("|"))))
            for line in lines[2:]]
    return {row["Pick"]: row for row in rows}


def template_files(root: Path = REPO_ROOT) -> list[str]:
    """The repository's files as git sees them: tracked plus untracked, minus ignored."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout
    return sorted({p for p in out.split("\0") if p and (root / p).is_file()})


def copy_template(dest: Path, *, everything_available: bool = False,
                  keep_pairs: bool = False) -> Path:
    """Copy the working tree of the template (git's view of it) into ``dest``.

    With ``everything_available`` the copy's ``not_generated_yet`` lists and
    ``pairs_not_generated_yet`` are emptied, so every option and every pair is offered and only
    the impossible-pair validators can refuse one; ``keep_pairs`` keeps the pairs, so they are
    the only options not generated yet.
    """
    for rel in template_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / rel, target)
    if everything_available:
        path = dest / AVAILABILITY
        empty = ", ".join(f'"{key}": []' for key in not_generated_yet())
        text, count = NOT_GENERATED_YET_BLOCK.subn(
            lambda _: "set not_generated_yet = {" + empty + "}", path.read_text(), count=1)
        assert count == 1, f"no not_generated_yet block found in {AVAILABILITY}"
        if not keep_pairs:
            text, count = PAIRS_NOT_GENERATED_YET_BLOCK.subn(
                "set pairs_not_generated_yet = []", text, count=1)
            assert count == 1, f"no pairs_not_generated_yet block found in {AVAILABILITY}"
        path.write_text(text)
        assert not any(not_generated_yet(dest).values()), "not_generated_yet still lists options"
        assert keep_pairs or not pairs_not_generated_yet(dest), "pairs still listed"
    return dest


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` with a fixed identity; return stdout."""
    cmd = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
           *args]
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def commit_all(repo: Path, message: str, tag: str | None = None) -> None:
    """``git init`` (if needed), add everything, commit, and optionally tag."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    if tag:
        git(repo, "tag", tag)


class Questionnaire:
    """copier.yml's questions evaluated by copier's own classes, without rendering files.

    One ``Worker`` (pretend, defaults) loads the template once; its Jinja environment renders
    each question's ``default`` and choice validators exactly as ``Worker._ask`` would, with
    the answers given so far in the render context. Compiled expressions are memoised, since
    the same few dozen strings are rendered for thousands of need combinations.
    """

    def __init__(self, src: Path | str = REPO_ROOT, vcs_ref: str | None = "HEAD") -> None:
        self._stack = contextmanager_worker(src, vcs_ref)
        self.worker = next(self._stack)
        self.questions: dict[str, dict[str, Any]] = dict(self.worker.template.questions_data)
        self.env = self.worker.jinja_env
        memoised = functools.lru_cache(maxsize=None)(self.env.from_string)
        self.env.from_string = memoised  # type: ignore[method-assign]
        self._verdicts: dict[tuple[tuple[str, Any], ...], str] = {}

    def close(self) -> None:
        next(self._stack, None)

    def _new_answers(self, init: Mapping[str, Any]) -> AnswersMap:
        self.worker.answers = AnswersMap(
            user_defaults={}, init=dict(init), last={}, metadata=self.worker.template.metadata,
            external=self.worker._external_data(),
        )
        return self.worker.answers

    def _question(self, name: str) -> Question:
        return Question(answers=self.worker.answers, context=self.worker._render_context(),
                        jinja_env=self.env, settings=self.worker.settings, var_name=name,
                        **self.questions[name])

    def computed_defaults(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every answer copier computes from ``given`` when the rest is left to the defaults.

        Walks the questions in copier.yml's order; a question in ``given`` takes that answer,
        any other takes its rendered ``default`` expression (what ``--defaults`` would pick,
        read before validation so an option that is not generated yet still shows up).
        """
        answers = self._new_answers(given)
        for name in self.questions:
            if name in given:
                answers.user[name] = given[name]
                continue
            question = self._question(name)
            answers.user[name] = question.render_value(question.default)
        return dict(answers.user)

    def prompt(self, name: str, answers: Mapping[str, Any]) -> tuple[str, list[tuple[str, Any, str]]]:
        """What the prompt of ``name`` shows, as ``Worker._ask`` renders it after the answers
        before it: its message (the rendered help) and its choices as (label, value, disabled
        reason)."""
        names = list(self.questions)
        before = {k: answers[k] for k in names[: names.index(name)] if k in answers}
        self._new_answers({}).user.update(before)
        question = self._question(name)
        choices = [(str(c.title), c.value, str(c.disabled or ""))
                   for c in question._formatted_choices] if question.choices else []
        return question.get_message().strip(), choices

    def refusals(self, stack: Mapping[str, Any]) -> dict[str, str]:
        """For each stack question, the reason its choice validator refuses ``stack[key]``.

        As in ``Worker._ask``, the validator of a question sees the answers given before it
        (and its own), so its verdict is memoised on that prefix of the stack.
        """
        reasons = {}
        for index, key in enumerate(STACK_KEYS):
            prefix = tuple((k, stack[k]) for k in STACK_KEYS[: index + 1])
            if prefix not in self._verdicts:
                self._verdicts[prefix] = self._refusal(key, dict(prefix))
            if self._verdicts[prefix]:
                reasons[key] = self._verdicts[prefix]
        return reasons

    def _refusal(self, key: str, answers: dict[str, Any]) -> str:
        """Render the validator of the choice ``answers[key]`` the way copier does for the
        ``disabled`` text of a choice (``Question._formatted_choices``)."""
        self._new_answers({}).user.update(answers)
        question = self._question(key)
        for choice in self.questions[key]["choices"].values():
            if isinstance(choice, dict) and choice["value"] == answers[key]:
                return str(question.render_value(choice.get("validator", "")))
            if choice == answers[key]:
                return ""
        raise KeyError(f"{answers[key]!r} is not a choice of {key}")


def contextmanager_worker(src: Path | str, vcs_ref: str | None) -> Iterator[Worker]:
    """A Worker kept open (its template clone lives until the generator is resumed)."""
    with Worker(src_path=str(src), dst_path=Path("/nonexistent"), vcs_ref=vcs_ref,
                defaults=True, pretend=True, quiet=True, unsafe=True) as worker:
        yield worker


@contextmanager
def questionnaire(src: Path | str = REPO_ROOT, vcs_ref: str | None = "HEAD"
                  ) -> Iterator[Questionnaire]:
    q = Questionnaire(src, vcs_ref)
    try:
        yield q
    finally:
        q.close()
