"""Fast tier (docs/architecture.md, "How the template is tested"): the questionnaire and the
rendered tree, in seconds.

- copier.yml's recommendation equals the independent oracle (tests/oracle.py) for every
  combination of needs;
- the options and the pairs of options not generated yet are pinned and refused;
- every impossible pair is refused with its reason, through ``--data`` and the CLI;
- every valid combination of available options renders cleanly (layout, parseable config,
  no template debris, nothing of an unchosen option, fresh secrets, DECISIONS.md, a package.json
  composed from the parts of fragments/packages.jinja the stack picks);
- outside the composition roots a template file asks one question, and a path condition names
  one;
- hooks/write_env.py writes secrets once;
- the contract probe's header checks (tests/contract.py) tell a page or response that passes
  from one that does not.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import itertools
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import copier
import httpx
import jinja2
import pytest
import yaml

import oracle
from contract import api_header_problems, page_script_problems
from helpers import DEFAULT_STACK, REPO_ROOT, render
from oracle import NEED_KEYS, NEED_VALUES, STACK_KEYS
from questionnaire import (Questionnaire, choice_values, copier_yml, copy_template,
                           decision_rows, not_generated_yet, pairs_not_generated_yet,
                           questionnaire, refused_pair, template_files)

CONFIG = copier_yml()

# The stack's answer keys and values are a public interface (docs/architecture.md).
PUBLIC_STACK_VALUES = {
    "language": ["typescript", "python"],
    "api_style": ["rest", "trpc", "graphql"],
    "framework": ["express", "fastify", "hono", "fastapi"],
    "database": ["postgresql", "mysql", "sqlite", "libsql", "supabase", "mongodb"],
    "orm": ["prisma", "drizzle", "kysely", "mongoose", "mongodb", "sqlalchemy"],
    "auth": ["jwt", "session", "passport", "clerk", "auth0", "supabase", "firebase", "authjs",
             "none"],
    "cache": ["redis", "memory", "none"],
}

# Pinned on purpose: an issue that generates an option removes it here and in
# questionnaire/availability.jinja in the same change.
EXPECTED_NOT_GENERATED_YET = {
    "language": ["python"],
    "api_style": [],
    "framework": ["fastapi"],
    "database": [],
    "orm": ["sqlalchemy"],
    "auth": ["passport", "clerk", "auth0", "supabase", "firebase", "authjs"],
    "cache": [],
}

# Pinned likewise: (pick, value, earlier pick, its answer), each option generated on its own.
EXPECTED_PAIRS_NOT_GENERATED_YET = [
    ("database", "mongodb", "api_style", "graphql"),
    ("orm", "prisma", "database", "mysql"),
    ("auth", "session", "orm", "drizzle"),
    ("auth", "session", "orm", "prisma"),
    ("auth", "session", "orm", "mongodb"),
    ("auth", "session", "orm", "mongoose"),
    ("auth", "none", "orm", "drizzle"),
    ("auth", "none", "orm", "prisma"),
    ("auth", "none", "orm", "mongodb"),
    ("auth", "none", "orm", "mongoose"),
]

Stack = dict[str, str]
ALL_NEEDS = [dict(zip(NEED_KEYS, combo)) for combo in itertools.product(*NEED_VALUES.values())]


# ---------------------------------------------------------------------------------------------
# Shared fixtures
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_questionnaire() -> Iterator[Questionnaire]:
    """copier.yml of the working tree, loaded once by copier's Worker."""
    with questionnaire() as q:
        yield q


@pytest.fixture(scope="module")
def plain_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree copied to a plain directory (no git clone per copier run)."""
    return copy_template(tmp_path_factory.mktemp("template-copy"))


@pytest.fixture(scope="module")
def open_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree with ``not_generated_yet`` emptied: only impossible pairs refuse."""
    return copy_template(tmp_path_factory.mktemp("template-open"), everything_available=True)


@pytest.fixture(scope="module")
def open_questionnaire(open_copy: Path) -> Iterator[Questionnaire]:
    with questionnaire(open_copy, vcs_ref=None) as q:
        yield q


def copy_pretend(src: Path, data: dict[str, Any], tmp_path: Path) -> None:
    """What ``copier copy --defaults --data ...`` does up to writing files (it writes none)."""
    copier.run_copy(str(src), tmp_path / "dest", data=data, defaults=True, pretend=True,
                    unsafe=True, quiet=True)


# ---------------------------------------------------------------------------------------------
# a. copier.yml recommends what the decision tables recommend, for every combination of needs
# ---------------------------------------------------------------------------------------------

def test_need_questions_offer_exactly_the_oracles_rows() -> None:
    """Each need_* question offers one choice per decision-table row the oracle knows (no more)."""
    assert {k: choice_values(CONFIG[k]) for k in NEED_KEYS} == {
        k: list(v) for k, v in NEED_VALUES.items()}


def test_stack_questions_offer_the_public_values() -> None:
    """The stack keys and values are a public interface (docs/architecture.md)."""
    assert {k: sorted(choice_values(CONFIG[k])) for k in STACK_KEYS} == {
        k: sorted(v) for k, v in PUBLIC_STACK_VALUES.items()}


def sweep(q: Questionnaire) -> list[tuple[dict[str, str], dict[str, Any]]]:
    """(needs, every answer copier computes for them) for all ~9.7k combinations of needs."""
    assert len(ALL_NEEDS) == 4 * 6 * 5 * 3 * 9 * 3
    return [(needs, q.computed_defaults(needs)) for needs in ALL_NEEDS]


@pytest.fixture(scope="module")
def recommendations(open_questionnaire: Questionnaire) -> list[tuple[dict[str, str], Stack]]:
    """(needs, the stack copier recommends for them), every option available: the picks then
    default to the tables' recommendation, never to a fallback."""
    return [(needs, {key: answers[key] for key in STACK_KEYS})
            for needs, answers in sweep(open_questionnaire)]


def test_each_pick_defaults_to_its_recommendation_or_the_fallback(
        real_questionnaire: Questionnaire) -> None:
    """With today's availability, each stack pick defaults to ``recommended_<key>`` when that
    is generated, alone and with the picks before it, and to the template's fallback otherwise;
    the resulting default stack is never refused, so ``--defaults`` and the interactive prompt
    (which validates its preselection) always work, whatever the needs."""
    missing, pairs = not_generated_yet(), pairs_not_generated_yet()
    fallback = DEFAULT_STACK
    problems: dict[str, list[dict[str, str]]] = {}
    for needs, answers in sweep(real_questionnaire):
        stack = {key: answers[key] for key in STACK_KEYS}
        for index, key in enumerate(STACK_KEYS):
            recommended = answers[f"recommended_{key}"]
            so_far = {**{k: stack[k] for k in STACK_KEYS[:index]}, key: recommended}
            generated = recommended not in missing[key] and refused_pair(so_far, pairs) is None
            expected = recommended if generated else fallback[key]
            if stack[key] != expected:
                problems.setdefault(f"{key}: {stack[key]} != {expected}", []).append(needs)
        if refused := real_questionnaire.refusals(stack):
            problems.setdefault(f"refused {refused}", []).append(needs)
    assert not problems, "\n".join(f"{p} ({len(c)}x, e.g. {c[0]})" for p, c in problems.items())


def test_recommended_stack_equals_the_oracle_for_every_combination_of_needs(
        recommendations: list[tuple[dict[str, str], Stack]]) -> None:
    """The decision tables exist twice and check each other (docs/decision-tables.md): for all
    ~9.7k combinations of needs, the defaults copier computes for the seven stack questions
    equal tests/oracle.py's independent transcription of the tables."""
    mismatches = []
    for needs, got in recommendations:
        expected = oracle.recommend(needs)
        if got != expected:
            diff = {k: (got[k], expected[k]) for k in STACK_KEYS if got[k] != expected[k]}
            mismatches.append(f"{needs}: (copier, oracle) {diff}")
    assert not mismatches, f"{len(mismatches)} mismatches, e.g.\n" + "\n".join(mismatches[:15])


def test_recommended_stack_is_never_an_impossible_pair(
        open_questionnaire: Questionnaire,
        recommendations: list[tuple[dict[str, str], Stack]]) -> None:
    """Every question has a sensible default, so `copier copy --defaults` renders a complete
    project. Whatever the needs, the recommended stack must not be refused
    by a choice validator for any reason other than "not generated yet" (that one goes away as
    options are generated; an impossible pair never does)."""
    problems: dict[str, list[str]] = {}
    for needs, stack in recommendations:
        reasons = open_questionnaire.refusals(stack)
        if reasons:
            problems.setdefault(str(reasons), []).append(f"{needs} -> {stack}")
    report = [f"{reason}: {len(cases)} combinations of needs, e.g. {cases[0]}"
              for reason, cases in problems.items()]
    assert not report, "recommended stacks that are refused:\n" + "\n".join(report)


# ---------------------------------------------------------------------------------------------
# a2. The prompts show their reasoning, and every hint agrees with what is refused
# ---------------------------------------------------------------------------------------------

# How a stack question's help names each option (the test's own list, not recommend.jinja's).
HELP_NAMES = {
    "language": {"typescript": "TypeScript on Node.js", "python": "Python with FastAPI"},
    "api_style": {"rest": "REST with OpenAPI", "trpc": "tRPC", "graphql": "GraphQL"},
    "framework": {"fastify": "Fastify", "express": "Express", "hono": "Hono",
                  "fastapi": "FastAPI"},
    "database": {"postgresql": "PostgreSQL", "mysql": "MySQL (PlanetScale)", "sqlite": "SQLite",
                 "libsql": "libSQL (Turso)", "supabase": "Supabase", "mongodb": "MongoDB"},
    "orm": {"drizzle": "Drizzle", "prisma": "Prisma", "kysely": "Kysely",
            "mongoose": "Mongoose", "mongodb": "the MongoDB native driver",
            "sqlalchemy": "SQLAlchemy"},
    "auth": {"jwt": "self-hosted JWT", "session": "cookie sessions (the Lucia pattern)",
             "passport": "Passport", "clerk": "Clerk", "auth0": "Auth0",
             "supabase": "Supabase Auth", "firebase": "Firebase Auth", "authjs": "Auth.js",
             "none": "no sign-in"},
    "cache": {"redis": "Redis", "memory": "an in-memory cache", "none": "no cache"},
}
RECOMMENDED = " (recommended)"
NEED_OF = {"language": "need_project", "api_style": "need_api", "framework": "need_api",
           "database": "need_database", "orm": "need_orm", "auth": "need_auth",
           "cache": "need_cache"}


def generated(stack: Stack) -> bool:
    """Every pick of ``stack`` is generated, alone and with the others."""
    missing = not_generated_yet()
    return not any(stack[k] in missing[k] for k in STACK_KEYS) and refused_pair(
        stack, pairs_not_generated_yet()) is None


def first_fallback(stack: Stack) -> str | None:
    """The first stack question (in copier.yml's order) whose pick in ``stack`` is not
    generated after the picks before it."""
    missing, pairs = not_generated_yet(), pairs_not_generated_yet()
    for index, key in enumerate(STACK_KEYS):
        so_far = {k: stack[k] for k in STACK_KEYS[: index + 1]}
        if stack[key] in missing[key] or refused_pair(so_far, pairs):
            return key
    return None


# Every 37th combination of needs, split by whether the oracle's stack is generated today.
SAMPLE = ALL_NEEDS[::37]
SAMPLE_GENERATED = [n for n in SAMPLE if generated(oracle.recommend(n))]
SAMPLE_FALLBACK = [n for n in SAMPLE if not generated(oracle.recommend(n))]


def needs_id(needs: dict[str, str]) -> str:
    return "+".join(f"{k}={v}" for k, v in needs.items())


def test_the_samples_hold_both_cases() -> None:
    assert len(SAMPLE_GENERATED) >= 20 and len(SAMPLE_FALLBACK) >= 20


def shown(q: Questionnaire, name: str, answers: dict[str, Any]
          ) -> tuple[str, list[tuple[str, Any, str]]]:
    """A prompt's help as one line of text (it is wrapped to the terminal), and its choices."""
    help_text, choices = q.prompt(name, answers)
    return " ".join(help_text.split()), choices


def test_each_help_fits_an_80_column_terminal(real_questionnaire: Questionnaire) -> None:
    """prompt_toolkit cuts a message line at the terminal's width instead of wrapping it, so
    each line of a help fits 80 columns: the title first, beside the prompt's mark ("🎤 ")."""
    long_lines = set()
    for needs in SAMPLE[::4]:
        answers = real_questionnaire.computed_defaults(needs)
        for name in (*NEED_KEYS, *STACK_KEYS):
            title, *lines = real_questionnaire.prompt(name, answers)[0].splitlines()
            assert title == CONFIG_TITLES[name] and len(title) <= 77, title
            long_lines.update(line for line in lines if len(line) > 79)
    assert not long_lines, "\n".join(sorted(long_lines))


CONFIG_TITLES = {
    "need_project": "What are you building?", "need_api": "Which need comes first for your API?",
    "need_database": "What does your data need?",
    "need_orm": "What do you want from the data layer?",
    "need_auth": "How should users sign in?", "need_cache": "Do you need a cache?",
    "language": "Language", "api_style": "API style", "framework": "Web framework",
    "database": "Database", "orm": "ORM or query layer", "auth": "Authentication",
    "cache": "Cache (also backs the rate limiter)",
}


def marked(choices: list[tuple[str, Any, str]]) -> list[Any]:
    return [value for label, value, _ in choices if label.endswith(RECOMMENDED)]


def test_each_stack_help_names_the_oracles_recommendation_and_why(
        real_questionnaire: Questionnaire) -> None:
    """Where the oracle's stack is generated, each stack question's help says "Your need
    recommends <option>: <reason>." and only that option's label is marked "(recommended)"."""
    problems = []
    for needs in SAMPLE_GENERATED:
        expected = oracle.recommend(needs)
        answers = real_questionnaire.computed_defaults(needs)
        for key in STACK_KEYS:
            help_text, choices = shown(real_questionnaire, key, answers)
            lead = f"Your need recommends {HELP_NAMES[key][expected[key]]}: "
            reason = help_text.partition(lead)[2]
            if not (lead in help_text and len(reason.split()) >= 3 and reason.endswith(".")):
                problems.append(f"{needs_id(needs)} {key}: {help_text!r}")
            if "not generated" in help_text or marked(choices) != [expected[key]]:
                problems.append(f"{needs_id(needs)} {key}: marked {marked(choices)}, "
                                f"help {help_text!r}")
    assert not problems, "\n".join(problems[:10])


def test_each_reason_is_its_rows_own(real_questionnaire: Questionnaire) -> None:
    """Rows that recommend the same option give different reasons: the help quotes the row the
    user picked, not one sentence per option."""
    reasons = {}
    for need_api in ("edge", "traditional", "high_performance"):
        answers = real_questionnaire.computed_defaults({"need_api": need_api})
        reasons[need_api] = shown(real_questionnaire, "api_style", answers)[0]
    assert len(set(reasons.values())) == 3, reasons


def test_a_fallback_says_not_generated_yet_and_names_the_preselected_pick(
        real_questionnaire: Questionnaire) -> None:
    """Where the oracle recommends an option that is not generated yet, the first such question
    says "Your need recommends <option> (<reason>), which is not generated [with <pick>] yet:
    <fallback> is preselected.", still marks the recommended label, and preselects the
    fallback, which it does not refuse."""
    problems = []
    for needs in SAMPLE_FALLBACK:
        expected = oracle.recommend(needs)
        key = first_fallback(expected)
        answers = real_questionnaire.computed_defaults(needs)
        help_text, choices = shown(real_questionnaire, key, answers)
        pattern = (rf"Your need recommends {re.escape(HELP_NAMES[key][expected[key]])} \(.+\), "
                   rf"which is not generated (with \S+ )?yet: "
                   rf"{re.escape(HELP_NAMES[key][DEFAULT_STACK[key]])} is preselected\.$")
        refused = [v for _, v, disabled in choices if disabled]
        if not re.search(pattern, help_text) or marked(choices) != [expected[key]] \
                or answers[key] != DEFAULT_STACK[key] or answers[key] in refused:
            problems.append(f"{needs_id(needs)} {key}: default {answers[key]}, marked "
                            f"{marked(choices)}, help {help_text!r}")
    assert not problems, "\n".join(problems[:10])


@pytest.mark.parametrize(("needs", "key", "says"), [
    ({"need_auth": "managed"}, "auth",
     "Your need recommends Clerk (the fastest setup, with sign-in run by a managed provider), "
     "which is not generated yet: self-hosted JWT is preselected."),
    ({"need_auth": "none"}, "auth",
     "which is not generated with Drizzle yet: self-hosted JWT is preselected."),
    ({"need_project": "data_heavy"}, "language",
     "Your need recommends Python with FastAPI (Python's data ecosystem, served by FastAPI), "
     "which is not generated yet: TypeScript on Node.js is preselected."),
    ({"need_database": "document", "need_api": "complex_data"}, "database",
     "which is not generated with GraphQL yet: PostgreSQL is preselected."),
    ({"need_database": "serverless", "need_orm": "best_dx"}, "orm",
     "which is not generated with MySQL yet: Drizzle is preselected."),
], ids=lambda v: needs_id(v) if isinstance(v, dict) else None)
def test_known_fallbacks_say_so(real_questionnaire: Questionnaire, needs: dict[str, str],
                                key: str, says: str) -> None:
    answers = real_questionnaire.computed_defaults(needs)
    assert shown(real_questionnaire, key, answers)[0].endswith(says)


def test_each_need_help_names_what_its_rows_recommend_that_is_not_generated_yet(
        real_questionnaire: Questionnaire) -> None:
    """A need whose row recommends an option that is not generated yet (alone, or after an
    earlier pick) says so in its help, with the pick preselected instead: picking "Data-heavy"
    or "Clerk" never silently gives TypeScript and JWT. A need none of whose rows falls back
    says nothing of the kind."""
    missing, pairs = not_generated_yet(), pairs_not_generated_yet()
    rows = {"language": oracle.LANGUAGE.values(),
            "api_style": [a for a, _ in oracle.API_PATTERN.values()],
            "framework": [f for _, f in oracle.API_PATTERN.values()],
            "database": oracle.DATABASE.values(), "orm": oracle.ORM.values(),
            "auth": oracle.AUTH.values(), "cache": oracle.CACHE.values()}
    problems = []
    for need in NEED_KEYS:
        help_text = shown(real_questionnaire, need, {})[0]
        expected = []
        for key in (k for k in STACK_KEYS if NEED_OF[k] == need):
            notes = [HELP_NAMES[key][v] for v in set(rows[key]) if v in missing[key]]
            notes += [f"{PAIR_NAMES[v]} with {PAIR_NAMES[a]}" for p, v, _, a in pairs
                      if p == key and v in rows[key]]
            expected += notes
            if notes and f"{HELP_NAMES[key][DEFAULT_STACK[key]]} is preselected" not in help_text:
                problems.append(f"{need}: no fallback named in {help_text!r}")
        lowered = help_text.lower()
        problems += [f"{need}: {n!r} not named in {help_text!r}" for n in expected
                     if n.lower() not in lowered]
        if not expected and "not generated" in help_text:
            problems.append(f"{need}: {help_text!r}")
    assert not problems, "\n".join(problems)


def test_the_orm_need_promises_nothing_that_is_refused(real_questionnaire: Questionnaire) -> None:
    """Its help names what MongoDB gets (the native driver), not Prisma, which MongoDB refuses."""
    help_text = shown(real_questionnaire, "need_orm", {})[0]
    assert "native driver" in help_text and "MongoDB -> Prisma" not in help_text


@pytest.mark.parametrize("database", ["postgresql", "mysql", "sqlite", "libsql", "supabase"])
@pytest.mark.parametrize("orm", ["mongoose", "mongodb"])
def test_a_refusal_proposes_only_what_is_accepted(
        real_questionnaire: Questionnaire, database: str, orm: str) -> None:
    """The MongoDB layers' refusal on a SQL database names the data layers to pick instead;
    each of them is accepted with that database (no "prisma for mysql")."""
    stack = {**DEFAULT_STACK, "database": database, "orm": orm}
    reason = real_questionnaire.refusals(stack)["orm"]
    proposed = re.search(r"or (.+) for " + database, reason)
    assert proposed, reason
    layers = re.split(r", | or ", proposed.group(1))
    assert layers and set(layers) <= {"drizzle", "kysely", "prisma"}, reason
    for layer in layers:
        assert real_questionnaire.refusals({**stack, "orm": layer}) == {}, (layer, reason)


SPEC_CITATION = re.compile(r"seed \d|seeds/|DESIGN\.md", re.IGNORECASE)


def test_no_prompt_cites_the_internal_spec(real_questionnaire: Questionnaire) -> None:
    """The help, labels and refusals users read, rendered for a sample of needs and stacks."""
    found = set()
    for needs in SAMPLE[::4]:
        answers = real_questionnaire.computed_defaults(needs)
        for name in (*NEED_KEYS, *STACK_KEYS):
            help_text, choices = shown(real_questionnaire, name, answers)
            for text in (help_text, *(f"{label} {disabled}" for label, _, disabled in choices)):
                found.update(f"{name}: {text}" for _ in SPEC_CITATION.findall(text))
    assert not found, "\n".join(sorted(found))


def test_no_document_or_template_file_cites_the_internal_spec() -> None:
    """copier.yml (help, labels, validators and comments), questionnaire/, template/, README.md
    and docs/ cite the repository's own documents only."""
    found = [f"{path}:{number}: {line.strip()}"
             for path in template_files() if not path.startswith("tests/")
             for number, line in enumerate((REPO_ROOT / path).read_text(errors="replace")
                                           .splitlines(), 1)
             if SPEC_CITATION.search(line)]
    assert not found, "\n".join(found)


def test_the_repository_documents_exist() -> None:
    for doc in ("docs/decision-tables.md", "docs/architecture.md"):
        assert doc in template_files(), doc
    tables = (REPO_ROOT / "docs/decision-tables.md").read_text()
    for name in ("Language/technology approach", "API pattern", "Database", "ORM",
                 "Authentication", "Cache"):
        assert f"\n## {name}\n" in tables, name


# One option, one place (docs/architecture.md, "One option, one place"): outside the
# composition roots a template file's text asks one question at most, and each condition in a
# path names one (a computed value such as `dialect` counts as one).
OPTION_QUESTIONS = ("language", "api_style", "framework", "database", "dialect", "orm", "auth",
                    "cache")
JINJA_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
# Rendered paths (conditions stripped) of the files where options meet by design.
COMPOSITION_ROOTS = {
    "src/app.ts", "src/server.ts", "src/config/env.ts", "package.json", "README.md",
    "docs/DECISIONS.md", ".env.example", "docker-compose.yml", "Dockerfile",
    ".github/workflows/ci.yml",
    "eslint.config.js",   # the lint configuration: one rule set per option that needs one
    "vitest.config.ts",   # the test run: which files need a server the stack names
    "src/services/index.ts",  # the services: each option's layer (cache, sign-in) wired in order
    "test/helpers.ts",    # the tests' composition root: the test app, env and database
    "test/env.test.ts",   # the spec of src/config/env.ts, a composition root
}


def questions_asked(text: str) -> set[str]:
    """The option questions the Jinja in ``text`` reads (string literals aside: '/api/v1/auth'
    asks nothing of `auth`)."""
    tags = [re.sub(r"'[^']*'|\"[^\"]*\"", "", tag) for tag in JINJA_TAG.findall(text)]
    return {question for tag in tags for question in OPTION_QUESTIONS
            if re.search(rf"\b{question}\b", tag)}


def rendered_path(template_path: str) -> str:
    """A template file's path in a project, its conditions and the .jinja suffix stripped."""
    path = re.sub(r"\{%.*?%\}", "", template_path.removeprefix("template/typescript/"))
    return path.removesuffix(".jinja")


def test_each_file_asks_one_question_outside_the_composition_roots() -> None:
    mixed = {rendered_path(path): questions for path in template_files()
             if path.startswith("template/") and rendered_path(path) not in COMPOSITION_ROOTS
             and len(questions := sorted(questions_asked((REPO_ROOT / path).read_text()))) > 1}
    assert not mixed, \
        "\n".join(f"{path}: {questions}" for path, questions in sorted(mixed.items()))


def test_each_path_condition_names_one_question() -> None:
    found = [f"{path}: {tag}" for path in template_files() if path.startswith("template/")
             for tag in re.findall(r"\{%.*?%\}", path) if len(questions_asked(tag)) > 1]
    assert not found, "\n".join(found)


# What one answer adds to a composition root's text (the README, compose, the CI workflow,
# .env.example) lives in fragments/<root>/<question>/<answer>.<ext>.jinja, as macros the root
# calls whatever the answer (docs/architecture.md).
PASSAGE_ROOTS = sorted(path for path in (REPO_ROOT / "fragments").iterdir() if path.is_dir())
PASSAGE_IMPORT = re.compile(r"import 'fragments/([\w-]+)/(\w+)/' ~ \w+ ~ '\.(\w+)\.jinja' as (\w+)")
MACRO = re.compile(r"\{%-?\s*macro\s+(\w+)\(")


def test_each_generated_value_has_its_passages_and_each_defines_the_same_ones() -> None:
    problems = []
    for root in PASSAGE_ROOTS:
        for folder in sorted(root.iterdir()):
            question = folder.name
            if question not in PUBLIC_STACK_VALUES:
                problems.append(f"{root.name}/{question}: not a question")
                continue
            generated = [value for value in PUBLIC_STACK_VALUES[question]
                         if value not in EXPECTED_NOT_GENERATED_YET[question]]
            macros = {path.name.split(".")[0]: sorted(MACRO.findall(path.read_text()))
                      for path in folder.glob("*.jinja")}
            if sorted(macros) != sorted(generated):
                problems.append(f"{root.name}/{question}: files for {sorted(macros)}, "
                                f"generated {sorted(generated)}")
            if len({tuple(names) for names in macros.values()}) > 1:
                problems.append(f"{root.name}/{question}: different macros: {macros}")
    assert PASSAGE_ROOTS and not problems, "\n".join(problems)


def test_each_passage_called_exists() -> None:
    callers = [path for path in template_files()
               if path.startswith(("template/", "fragments/")) and path.endswith(".jinja")]
    missing = []
    for path in callers:
        text = (REPO_ROOT / path).read_text()
        folders = {alias: (root, question, ext)
                   for root, question, ext, alias in PASSAGE_IMPORT.findall(text)}
        for alias, name in re.findall(r"\b(\w+)\.(\w+)\(\)", text):
            if alias not in folders:
                continue
            root, question, ext = folders[alias]
            for file in (REPO_ROOT / "fragments" / root / question).glob(f"*.{ext}.jinja"):
                if name not in MACRO.findall(file.read_text()):
                    missing.append(f"{path}: {alias}.{name}() is not in {file.name}")
    assert not missing, "\n".join(missing)


# ---------------------------------------------------------------------------------------------
# b. Options not generated yet: pinned, and refused
# ---------------------------------------------------------------------------------------------

def test_not_generated_yet_is_pinned() -> None:
    """questionnaire/availability.jinja's list changes only together with this test."""
    assert not_generated_yet() == EXPECTED_NOT_GENERATED_YET


def test_not_generated_yet_lists_only_real_choices() -> None:
    for key, values in not_generated_yet().items():
        assert set(values) <= set(choice_values(CONFIG[key])), key


def test_pairs_not_generated_yet_are_pinned() -> None:
    assert pairs_not_generated_yet() == EXPECTED_PAIRS_NOT_GENERATED_YET


@pytest.mark.parametrize("pair", EXPECTED_PAIRS_NOT_GENERATED_YET, ids=str)
def test_pair_not_generated_yet_names_real_choices_in_question_order(
        pair: tuple[str, str, str, str]) -> None:
    """The refused pick comes after the earlier one, so its validator sees that answer."""
    pick, value, earlier, answer = pair
    assert value in choice_values(CONFIG[pick]) and answer in choice_values(CONFIG[earlier])
    assert STACK_KEYS.index(earlier) < STACK_KEYS.index(pick)


def compatible_stack(key: str, value: str) -> dict[str, str]:
    """The default stack with ``key=value``, adjusted so it forms no impossible pair."""
    stack = {**DEFAULT_STACK, key: value}
    python = {"language": "python", "api_style": "rest", "framework": "fastapi",
              "orm": "sqlalchemy", "auth": "jwt"}
    for fix in ({}, {"orm": "mongodb"}, {"database": "mongodb"}, {"framework": "fastify"},
                {"auth": "jwt"}, python):
        candidate = {**stack, **{k: v for k, v in fix.items() if k != key}, key: value}
        if oracle.impossible(candidate) is None:
            return candidate
    raise AssertionError(f"no possible stack with {key}={value}")


NOT_GENERATED = [(k, v) for k, vs in EXPECTED_NOT_GENERATED_YET.items() for v in vs]
NOT_GENERATED_IDS = [f"{k}={v}" for k, v in NOT_GENERATED]


@pytest.mark.parametrize(("key", "value"), NOT_GENERATED, ids=NOT_GENERATED_IDS)
def test_option_not_generated_yet_is_disabled_with_that_reason(
        real_questionnaire: Questionnaire, key: str, value: str) -> None:
    """In a stack where the option is possible, its choice is greyed out as not generated."""
    reasons = real_questionnaire.refusals(compatible_stack(key, value))
    assert reasons.get(key) == f"{value} is not generated yet (see the option table in the README)"


@pytest.mark.parametrize(("key", "value"), NOT_GENERATED, ids=NOT_GENERATED_IDS)
def test_option_not_generated_yet_is_refused_through_data(
        plain_copy: Path, tmp_path: Path, key: str, value: str) -> None:
    """``--data key=value`` (with what the option needs) is refused before anything is written."""
    with pytest.raises(ValueError, match="not generated yet"):
        copy_pretend(plain_copy, compatible_stack(key, value), tmp_path)
    assert not (tmp_path / "dest").exists()


PAIR_NAMES = {"trpc": "tRPC", "graphql": "GraphQL", "express": "Express", "hono": "Hono",
              "drizzle": "Drizzle", "kysely": "Kysely", "prisma": "Prisma", "mysql": "MySQL",
              "sqlite": "SQLite", "libsql": "libSQL", "supabase": "Supabase", "mongodb": "MongoDB",
              "session": "Cookie sessions", "mongoose": "Mongoose", "none": "No sign-in"}


@pytest.fixture(scope="module")
def pairs_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working tree with every single option available: only the pairs are refused."""
    return copy_template(tmp_path_factory.mktemp("template-pairs"), everything_available=True,
                         keep_pairs=True)


@pytest.fixture(scope="module")
def pairs_questionnaire(pairs_copy: Path) -> Iterator[Questionnaire]:
    with questionnaire(pairs_copy, vcs_ref=None) as q:
        yield q


def pair_stack(pair: tuple[str, str, str, str]) -> dict[str, str]:
    """A possible stack with both answers of the pair (the MongoDB layers need their database)."""
    pick, value, earlier, answer = pair
    stack = {**compatible_stack(pick, value), earlier: answer}
    if oracle.impossible(stack) is not None:
        stack = {**compatible_stack(earlier, answer), pick: value}
    assert oracle.impossible(stack) is None, stack
    return stack


@pytest.mark.parametrize("pair", EXPECTED_PAIRS_NOT_GENERATED_YET, ids=str)
def test_pair_not_generated_yet_is_disabled_with_that_reason(
        pairs_questionnaire: Questionnaire, open_questionnaire: Questionnaire,
        pair: tuple[str, str, str, str]) -> None:
    """The later pick of the pair is greyed out, naming both options; after another earlier
    answer it is not refused; with the pair generated the same stack is accepted."""
    pick, value, earlier, answer = pair
    stack = pair_stack(pair)
    assert oracle.impossible(stack) is None and open_questionnaire.refusals(stack) == {}
    reason = (f"{PAIR_NAMES[value]} with {PAIR_NAMES[answer]} is not generated yet "
              "(see the option table in the README)")
    assert pairs_questionnaire.refusals(stack) == {pick: reason}
    # Another earlier answer that forms no pair with the pick (in a stack possible with it).
    paired = {a for p, v, e, a in EXPECTED_PAIRS_NOT_GENERATED_YET
              if (p, v, e) == (pick, value, earlier)}
    candidates = (c for a in PUBLIC_STACK_VALUES[earlier] if a not in paired
                  for c in ({**stack, earlier: a}, {**compatible_stack(earlier, a), pick: value}))
    other = next(c for c in candidates if oracle.impossible(c) is None
                 and not any(v in EXPECTED_NOT_GENERATED_YET[k] for k, v in c.items()))
    assert pairs_questionnaire.refusals(other) == {}


@pytest.mark.parametrize("pair", EXPECTED_PAIRS_NOT_GENERATED_YET, ids=str)
def test_pair_not_generated_yet_is_refused_through_data(
        pairs_copy: Path, tmp_path: Path, pair: tuple[str, str, str, str]) -> None:
    """``--data`` with both answers of the pair is refused before anything is written."""
    _, value, _, answer = pair
    with pytest.raises(ValueError, match=f"{PAIR_NAMES[value]} with {PAIR_NAMES[answer]} is not"):
        copy_pretend(pairs_copy, pair_stack(pair), tmp_path)
    assert not (tmp_path / "dest").exists()


@pytest.mark.parametrize("needs", [
    {"need_database": "serverless", "need_orm": "best_dx"},
], ids=lambda d: "+".join(f"{k}={v}" for k, v in d.items()))
def test_a_recommended_pair_not_generated_yet_falls_back(
        pairs_questionnaire: Questionnaire, needs: dict[str, str]) -> None:
    """Prisma is recommended after a database it is not generated for: the pick defaults to the
    fallback instead, so the prompt never preselects an option it would refuse."""
    answers = pairs_questionnaire.computed_defaults(needs)
    assert (answers["recommended_orm"], answers["orm"]) == ("prisma", DEFAULT_STACK["orm"])
    stack = {key: answers[key] for key in STACK_KEYS}
    assert pairs_questionnaire.refusals(stack) == {}
    remembered = {k: v for k, v in answers.items() if k in CONFIG and not k.startswith(
        "recommended_") and k != "project_slug"}
    template = pairs_questionnaire.env.get_template("template/typescript/docs/DECISIONS.md.jinja")
    rows = decision_rows(template.render({**answers, "_copier_answers": remembered}))
    database = PAIR_NAMES[answers["database"]]
    assert rows["ORM / query layer"]["Overridden"] == f"no: Prisma with {database} is not generated yet"


# ---------------------------------------------------------------------------------------------
# c. Impossible pairs are refused with their reason; so is a bad project name
# ---------------------------------------------------------------------------------------------

PAIRS = oracle.IMPOSSIBLE_PAIRS


@pytest.mark.parametrize(("data", "key", "reason"), PAIRS,
                         ids=["+".join(f"{k}={v}" for k, v in p[0].items()) for p in PAIRS])
def test_impossible_pair_is_refused_with_its_reason(
        open_copy: Path, tmp_path: Path, data: dict[str, str], key: str, reason: str) -> None:
    """Impossible pairs are per-choice validators; ``--data`` rejects them. Run
    against a copy where every option is available, so "not generated yet" hides nothing."""
    assert oracle.impossible({**DEFAULT_STACK, **data}) is not None
    with pytest.raises(ValueError) as refused:
        copy_pretend(open_copy, data, tmp_path)
    assert f"Invalid choice for '{key}'" in str(refused.value)
    assert reason in str(refused.value)


@pytest.mark.parametrize("data", [
    {"database": "mongodb", "orm": "mongoose"},
    {"database": "mongodb", "orm": "mongodb"},
    {"database": "mysql", "orm": "prisma"},
    {"database": "libsql", "orm": "kysely"},
    {"language": "python", "framework": "fastapi", "orm": "sqlalchemy", "auth": "session"},
    {"framework": "hono", "auth": "jwt"},
    {"framework": "express", "auth": "passport"},
    {"api_style": "trpc", "auth": "authjs"},
], ids=lambda d: "+".join(f"{k}={v}" for k, v in d.items()))
def test_possible_pair_is_accepted(open_questionnaire: Questionnaire,
                                   data: dict[str, str]) -> None:
    """The validators refuse only what is impossible: the neighbours of each pair pass."""
    stack = {**DEFAULT_STACK, **data}
    assert oracle.impossible(stack) is None
    assert open_questionnaire.refusals(stack) == {}


@pytest.mark.parametrize("name", ["9bad", "", "a/b", "-x", "x" * 64])
def test_invalid_project_name_is_refused(plain_copy: Path, tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="Use 1-63 letters, digits, spaces, '-' or '_'"):
        copy_pretend(plain_copy, {"project_name": name}, tmp_path)


@pytest.mark.parametrize("name", ["a", "My API", "billing_service-2"])
def test_valid_project_name_is_accepted(plain_copy: Path, tmp_path: Path, name: str) -> None:
    copy_pretend(plain_copy, {"project_name": name}, tmp_path)


def test_validators_agree_with_the_oracle_on_every_stack(
        open_questionnaire: Questionnaire) -> None:
    """Every stack of the product of all options: copier refuses it (some choice validator
    speaks) exactly when the oracle's list of impossible pairs does."""
    disagreements = []
    cache = "redis"  # no validator involves the cache
    for values in itertools.product(*(PUBLIC_STACK_VALUES[k] for k in STACK_KEYS[:-1])):
        stack = {**dict(zip(STACK_KEYS[:-1], values)), "cache": cache}
        refused = open_questionnaire.refusals(stack)
        expected = oracle.impossible(stack)
        if bool(refused) != bool(expected):
            disagreements.append(f"{stack}: copier {refused or 'accepts'}, oracle {expected}")
    assert not disagreements, f"{len(disagreements)} e.g.\n" + "\n".join(disagreements[:10])


# ---------------------------------------------------------------------------------------------
# d. Bad answers through the real CLI: non-zero exit, the validator's message, nothing written
# ---------------------------------------------------------------------------------------------

def copier_cli(*args: str) -> subprocess.CompletedProcess[str]:
    copier_bin = Path(sys.executable).parent / "copier"
    return subprocess.run([str(copier_bin), *args], cwd=REPO_ROOT, text=True,
                          capture_output=True, timeout=120)


@pytest.mark.parametrize(("answers", "message"), [
    (["--data", "language=python"], "python is not generated yet"),
    (["--data-file", "answers.yml"], "Use 1-63 letters, digits, spaces, '-' or '_'"),
    (["--data", "cache=memcached"], "Invalid choice for 'cache'"),
], ids=["not-generated-yet", "data-file-bad-name", "unknown-value"])
def test_cli_refuses_bad_answers_and_writes_nothing(tmp_path: Path, answers: list[str],
                                                    message: str) -> None:
    """A refused answer, through --data or --data-file, stops copier before any file exists."""
    (tmp_path / "answers.yml").write_text(
        yaml.safe_dump({"project_name": "9bad", "cache": "memory"}))
    answers = [str(tmp_path / a) if a.endswith(".yml") else a for a in answers]
    dest = tmp_path / "dest"
    proc = copier_cli("copy", "--trust", "--defaults", "--vcs-ref", "HEAD", *answers,
                      str(REPO_ROOT), str(dest))
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr
    assert not dest.exists()


# ---------------------------------------------------------------------------------------------
# e. Every valid combination of available options renders cleanly
# ---------------------------------------------------------------------------------------------

def available_values() -> dict[str, list[str]]:
    unavailable = not_generated_yet()
    return {k: [v for v in choice_values(CONFIG[k]) if v not in unavailable[k]]
            for k in STACK_KEYS}


def renderable(stack: dict[str, str]) -> bool:
    """Possible, and no pair of it waits to be generated."""
    return oracle.impossible(stack) is None and refused_pair(
        stack, pairs_not_generated_yet()) is None


def pairwise_cover(options: dict[str, list[str]]) -> list[dict[str, str]]:
    """A small set of renderable stacks covering every renderable pair of values (greedy)."""
    keys = list(options)
    stacks = [dict(zip(keys, vs)) for vs in itertools.product(*options.values())]
    stacks = [s for s in stacks if renderable(s)]

    def pairs(stack: dict[str, str]) -> set[tuple[tuple[str, str], tuple[str, str]]]:
        return {((a, stack[a]), (b, stack[b])) for a, b in itertools.combinations(keys, 2)}

    uncovered = set().union(*(pairs(s) for s in stacks)) if stacks else set()
    chosen = []
    while uncovered:
        best = max(stacks, key=lambda s: len(pairs(s) & uncovered))
        chosen.append(best)
        uncovered -= pairs(best)
    return chosen


def stack_combinations(limit: int = 30) -> list[dict[str, str]]:
    options = available_values()
    full = [dict(zip(STACK_KEYS, vs)) for vs in itertools.product(*options.values())]
    full = [s for s in full if renderable(s)]
    return full if len(full) <= limit else pairwise_cover(options)


COMBINATIONS = stack_combinations()
COMBINATION_IDS = ["-".join(c.values()) for c in COMBINATIONS]


def test_pairwise_cover_covers_every_pair() -> None:
    options = {"a": ["1", "2", "3"], "b": ["x", "y"], "c": ["p", "q", "r"]}
    cover = pairwise_cover(options)
    for (ka, kb) in itertools.combinations(options, 2):
        for va, vb in itertools.product(options[ka], options[kb]):
            assert any(s[ka] == va and s[kb] == vb for s in cover)
    assert len(cover) < 18


class Renders:
    """Each combination rendered once per session, shared by every check."""

    def __init__(self, root: Path, src: Path = REPO_ROOT, vcs_ref: str | None = "HEAD") -> None:
        self.root, self.src, self.vcs_ref, self.done = root, src, vcs_ref, {}

    def get(self, answers: dict[str, str], copy: int = 0) -> Path:
        key = (tuple(sorted(answers.items())), copy)
        if key not in self.done:
            dest = self.root / f"r{len(self.done)}"
            self.done[key] = render(dest, answers, src=self.src, vcs_ref=self.vcs_ref)
        return self.done[key]


@pytest.fixture(scope="session")
def renders(tmp_path_factory: pytest.TempPathFactory) -> Renders:
    return Renders(tmp_path_factory.mktemp("renders"))


def files(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts)


UNRENDERED = re.compile(r"\{\{|\{%|\{#")
GITHUB_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")

# Without sign-in there are no auth and users resources (SIGN_IN_LAYOUT).
SIGN_IN_LAYOUT = ["src/app/api/auth", "src/app/api/users"]
LAYOUT = [
    "src/app/api/posts", "src/lib", "src/services",
    "src/middleware", "src/config/env.ts", "src/types", "test", "package.json",
    "tsconfig.json", "Dockerfile", "docker-compose.yml", ".github/workflows/ci.yml",
    ".env.example", ".env", "README.md", "docs/DECISIONS.md", ".copier-answers.yml",
]


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_render_leaves_no_unrendered_jinja(renders: Renders, stack: dict[str, str]) -> None:
    project = renders.get(stack)
    leftovers = []
    for path in files(project):
        text = path.read_text(errors="replace")
        if ".github" in path.relative_to(project).parts:
            text = GITHUB_EXPRESSION.sub("", text)  # ${{ ... }} is GitHub Actions syntax
        leftovers += [f"{path.relative_to(project)}:{n}: {line.strip()}"
                      for n, line in enumerate(text.splitlines(), 1) if UNRENDERED.search(line)]
    assert not leftovers, "\n".join(leftovers[:20])


# A conditional block that swallowed the blank line before it glues two declarations (or two
# Markdown paragraphs) together: prettier accepts that, a reader sees Jinja debris.
GLUED = re.compile(r"^\}\n(?:export |/\*\*|function |const |class |describe\(|async function )",
                   re.MULTILINE)


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_render_keeps_top_level_declarations_apart(renders: Renders, stack: dict[str, str]) -> None:
    """Every top-level declaration of a rendered TypeScript file is preceded by a blank line."""
    project = renders.get(stack)
    glued = [f"{path.relative_to(project)}: {match.group(0)!r}"
             for path in files(project) if path.suffix == ".ts"
             for match in GLUED.finditer(path.read_text())]
    assert not glued, "\n".join(glued)


AMBIENT = re.compile(r"^declare (?:module '|global\b)", re.MULTILINE)

# Relative imports and re-exports of a TypeScript file, static or dynamic.
IMPORT = re.compile(r"""(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.{1,2}/[^']+)'""", re.MULTILINE)


def reachable_sources(project: Path) -> set[Path]:
    """The files of src/ that the entry points reach through relative imports: the scripts of
    package.json that run a file of src/, the tests, the root configuration files, and the
    declaration files the compiler reads for their `declare module` or `declare global`."""
    scripts = json.loads((project / "package.json").read_text())["scripts"].values()
    roots = {project / m for script in scripts for m in re.findall(r"\bsrc/[\w/.-]+\.ts", script)}
    roots |= {p for p in files(project) if p.suffix == ".ts" and (
        "src" not in p.relative_to(project).parts
        or AMBIENT.search(p.read_text()) and not re.search(r"^export ", p.read_text(), re.M))}
    seen: set[Path] = set()
    pending = [p for p in roots if p.exists()]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for spec in IMPORT.findall(path.read_text()):
            target = (path.parent / spec).resolve()
            candidates = [target.with_suffix(".ts"), target, target / "index.ts"]
            pending += [c for c in candidates if c.is_file() and c.suffix == ".ts"][:1]
    return seen


def test_reachable_sources_follows_the_imports_from_the_entry_points(tmp_path: Path) -> None:
    (tmp_path / "src" / "lib").mkdir(parents=True)
    (tmp_path / "test").mkdir()
    (tmp_path / "package.json").write_text(json.dumps({"scripts": {"start": "node src/main.ts"}}))
    (tmp_path / "src" / "main.ts").write_text("import { a } from './lib/a.js';\n")
    (tmp_path / "src" / "lib" / "a.ts").write_text("export { b } from './b.js';\n")
    (tmp_path / "src" / "lib" / "b.ts").write_text("export const b = 1;\n")
    (tmp_path / "src" / "lib" / "only-tests.ts").write_text("export const c = 1;\n")
    (tmp_path / "src" / "lib" / "orphan.ts").write_text("export const d = 1;\n")
    (tmp_path / "test" / "c.test.ts").write_text("const c = await import('../src/lib/only-tests.js');\n")
    found = {p.relative_to(tmp_path).as_posix() for p in reachable_sources(tmp_path.resolve())}
    assert "src/lib/orphan.ts" not in found
    assert {"src/main.ts", "src/lib/a.ts", "src/lib/b.ts", "src/lib/only-tests.ts"} <= found


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_render_has_no_module_nothing_imports(renders: Renders, stack: dict[str, str]) -> None:
    """Every file of src/ is reached from an entry point: a module left behind when its code
    moved, or one only an unchosen option uses, is dead code a reader would have to rule out."""
    project = renders.get(stack).resolve()
    reached = reachable_sources(project)
    orphans = sorted(str(p.relative_to(project)) for p in files(project)
                     if p.suffix == ".ts" and "src" in p.relative_to(project).parts[:1]
                     and p not in reached)
    assert not orphans, orphans


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_sql_migrations_pair_their_quotes(renders: Renders, stack: dict[str, str]) -> None:
    """Prisma's schema engine splits a migration into statements with its quotes paired, in
    comments too: one apostrophe in a comment (`JWT's table`) runs the rest of the file into a
    string, and `prisma migrate deploy` fails with a syntax error. Every SQL file keeps them
    paired."""
    project = renders.get(stack)
    odd = [str(p.relative_to(project)) for p in files(project)
           if p.suffix == ".sql" and p.read_text().count("'") % 2]
    assert not odd, odd


# What a template leaves in a TypeScript file when a separator belongs to an `if` block instead
# of to the fragment it separates. None occurs in the hand-written code, empty bodies included.
DEBRIS = {
    "two statements on one line": re.compile(
        r"(?:\);|\})[ \t]*(?:const|let|import|export|return|await|if|for|app\.)\b.*"),
    "an empty block": re.compile(
        r"(?:\b(?:if|for|while|catch)\b[^\n]*\)|\belse|\btry|\bfinally)[ \t]*\{\s*\}"),
    "two blank lines in a row": re.compile(r"\n[ \t]*\n[ \t]*\n"),
    "a blank line opening or closing a block": re.compile(
        r"[{(\[][ \t]*\n[ \t]*\n|\n[ \t]*\n[ \t]*[}\])]"),
    "trailing whitespace": re.compile(r"[ \t]+$", re.MULTILINE),
    "a blank first line": re.compile(r"\A[ \t]*\n"),
}


def debris(text: str) -> list[str]:
    """Each pattern of DEBRIS in ``text``, with the line it starts on."""
    lines, found = text.splitlines(), []
    for problem, pattern in DEBRIS.items():
        for match in pattern.finditer(text):
            n = text.count("\n", 0, match.start()) + 1
            found.append(f"{n}: {problem}: {lines[n - 1] if n <= len(lines) else ''}")
    return found


def test_debris_patterns_catch_what_a_template_leaves() -> None:
    assert debris("  );  const app = new Hono();\n")
    assert debris("  if (x) {\n\n  }\n") and debris("} else {}\n")
    assert debris("a;\n\n\nb;\n") and debris("f(\n\n  a,\n);\n") and debris("{\n  a;\n\n}\n")
    assert debris("a; \n") and debris("\nimport x from 'x';\n")
    assert not debris("import x from 'x';\n\nif (a) {\n  b();\n} else {\n  c();\n}\n")


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_render_leaves_no_template_debris_in_typescript(renders: Renders,
                                                        stack: dict[str, str]) -> None:
    """Glued statements, empty blocks, runs of blank lines, trailing whitespace (unrendered Jinja:
    test_render_leaves_no_unrendered_jinja)."""
    project = renders.get(stack)
    found = [f"{path.relative_to(project)}:{problem}" for path in files(project)
             if path.suffix == ".ts" for problem in debris(path.read_text())]
    assert not found, "\n".join(found)


# A mark before every `{%-` tag of a copy of the template: the mark is no whitespace, so a render
# of the copy keeps the whitespace each tag strips, with a mark where the tag was.
MARK = "\ue000"
STRIPPED = re.compile(rf"(?<=\S)\s*{MARK}(?:\s*{MARK})*\s*(?=\S)")


def swallowed_separators(marked: str) -> list[str]:
    """Where a `{%-` tag strips the blank line the template has before it, and nothing after the
    tags puts one back, before a statement (not before the closing of a block)."""
    def blank_line(whitespace: str) -> bool:
        return any(not line.strip() for line in whitespace.replace(MARK, "x").split("\n")[1:-1])

    found = []
    for match in STRIPPED.finditer(marked):
        run, end = match.group(0), match.end()
        if (blank_line(run) and not blank_line(run[run.rindex(MARK) + 1:])
                and marked[end] not in "})]" and marked[match.start() - 1] not in "{(["):
            n = marked.count("\n", 0, match.start()) + 1
            found.append(f"{n}: {marked.splitlines()[n - 1].replace(MARK, '')}")
    return found


def test_swallowed_separators_are_found_only_where_the_tags_drop_a_blank_line() -> None:
    assert swallowed_separators(f"  );\n\n{MARK}\n  const app = 1;\n")
    assert swallowed_separators(f"  }});\n\n{MARK}\n{MARK}\n  app.use(x);\n")
    assert not swallowed_separators(f"  );\n{MARK}\n\n  const app = 1;\n")  # the fragment's own
    assert not swallowed_separators(f"  }});\n\n{MARK}\n{MARK}\n\n  // next\n")
    assert not swallowed_separators(f"  }});\n\n{MARK}\n}});\n")  # no blank line before a close
    assert not swallowed_separators(f"  a;\n{MARK}\n{MARK}\n  b;\n")  # none to swallow


@pytest.fixture(scope="session")
def marked_renders(tmp_path_factory: pytest.TempPathFactory) -> Renders:
    src = tmp_path_factory.mktemp("marked") / "template"
    shutil.copytree(REPO_ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "__pycache__", "tests", "bench"))
    for path in (src / "template").rglob("*.jinja"):
        path.write_text(path.read_text().replace("{%-", MARK + "{%-"))
    return Renders(tmp_path_factory.mktemp("marked-renders"), src=src, vcs_ref=None)


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_render_keeps_each_blank_line_the_template_writes(marked_renders: Renders,
                                                          stack: dict[str, str]) -> None:
    """A blank line before a `{%-` tag is stripped with it: it belongs inside the fragments."""
    project = marked_renders.get(stack)
    found = [f"{path.relative_to(project)}:{line}" for path in files(project)
             if path.suffix == ".ts" for line in swallowed_separators(path.read_text())]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_render_config_files_parse(renders: Renders, stack: dict[str, str]) -> None:
    project = renders.get(stack)
    for path in files(project):
        text = path.read_text()
        if path.suffix == ".json":
            json.loads(text)
        elif path.suffix in (".yml", ".yaml"):
            list(yaml.safe_load_all(text))
        elif path.suffix == ".toml":
            tomllib.loads(text)


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_render_has_the_prescribed_layout(renders: Renders, stack: dict[str, str]) -> None:
    """The generated project's layout (docs/architecture.md, "The generated project")."""
    project = renders.get(stack)
    layout = LAYOUT + (SIGN_IN_LAYOUT if stack["auth"] != "none" else [])
    missing = [p for p in layout if not (project / p).exists()]
    assert not missing, f"missing: {missing}"


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_answers_file_records_the_stack_and_no_secret(renders: Renders,
                                                      stack: dict[str, str]) -> None:
    project = renders.get(stack)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert {k: answers.get(k) for k in STACK_KEYS} == stack
    assert not [k for k in answers if "secret" in k.lower() or k.startswith("recommended_")]
    text = (project / ".copier-answers.yml").read_text()
    for line in (project / ".env").read_text().splitlines():
        if line.split("=", 1)[0].endswith("_SECRET"):
            assert line.split("=", 1)[1] not in text


def dotenv(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines()
                if "=" in line and not line.lstrip().startswith("#"))


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_env_has_a_fresh_jwt_secret(renders: Renders, stack: dict[str, str]) -> None:
    """``.env`` is written once with fresh random secrets (hooks/write_env.py); only JWT has one:
    cookie sessions derive their CSRF tokens from the session token and need no server key."""
    project = renders.get(stack)
    env, example = dotenv(project / ".env"), dotenv(project / ".env.example")
    assert set(env) == set(example)
    if stack["auth"] != "jwt":
        assert "JWT_SECRET" not in env
        return
    assert len(env["JWT_SECRET"]) >= 32
    assert env["JWT_SECRET"] != example["JWT_SECRET"]


def test_two_renders_get_different_secrets(renders: Renders) -> None:
    first, second = renders.get(DEFAULT_STACK), renders.get(DEFAULT_STACK, copy=1)
    assert dotenv(first / ".env")["JWT_SECRET"] != dotenv(second / ".env")["JWT_SECRET"]


def dependencies(project: Path) -> set[str]:
    package = json.loads((project / "package.json").read_text())
    return {name for section in ("dependencies", "devDependencies", "optionalDependencies")
            for name in package.get(section, {})}


# A dependency name / file name that belongs to one option only: a render holds no file and no
# dependency of an option it did not choose.
OPTION_MARKERS = {
    ("framework", "express"): "express", ("framework", "hono"): "hono",
    ("framework", "fastify"): "fastify",
    ("orm", "drizzle"): "drizzle", ("orm", "prisma"): "prisma", ("orm", "kysely"): "kysely",
    ("orm", "mongoose"): "mongoose", ("database", "mongodb"): "mongodb",
    ("cache", "redis"): "redis",
    ("auth", "passport"): "passport", ("auth", "clerk"): "clerk", ("auth", "auth0"): "auth0",
    ("auth", "firebase"): "firebase", ("auth", "authjs"): "@auth/",
    ("api_style", "trpc"): "trpc", ("api_style", "graphql"): "graphql",
}


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_render_holds_nothing_of_an_unchosen_option(renders: Renders,
                                                    stack: dict[str, str]) -> None:
    project = renders.get(stack)
    deps = dependencies(project)
    paths = [str(p.relative_to(project)).lower() for p in files(project)]
    found = []
    for (key, value), marker in OPTION_MARKERS.items():
        if stack[key] == value or (key == "database" and stack["orm"] == "mongodb"):
            continue
        found += [f"dependency {d} ({key}={value})" for d in deps if marker in d.lower()]
        found += [f"file {p} ({key}={value})" for p in paths if marker in p]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_redis_appears_exactly_when_chosen(renders: Renders, stack: dict[str, str]) -> None:
    """cache redis -> ioredis, a redis service and REDIS_URL; memory/none -> none of them."""
    project = renders.get(stack)
    chosen = stack["cache"] == "redis"
    assert ("ioredis" in dependencies(project)) is chosen
    assert ("redis" in (project / "docker-compose.yml").read_text().lower()) is chosen
    assert ("REDIS_URL" in dotenv(project / ".env.example")) is chosen


MONGODB_COMBINATIONS = [stack for stack in COMBINATIONS if stack["database"] == "mongodb"]


@pytest.mark.parametrize("stack", MONGODB_COMBINATIONS,
                         ids=["-".join(stack.values()) for stack in MONGODB_COMBINATIONS])
def test_mongodb_tests_that_need_the_server_are_skipped_without_it(renders: Renders,
                                                                   stack: dict[str, str]) -> None:
    """MongoDB has no embedded mode: every test file that opens the test database is in the list
    vitest.config.ts leaves out when DATABASE_URL is unset, so `npm test` passes without a server."""
    project = renders.get(stack)
    config = (project / "vitest.config.ts").read_text()
    skipped = set(re.findall(r"'(test/[\w.-]+\.test\.ts)'", config))
    opening = {str(p.relative_to(project)) for p in (project / "test").glob("*.test.ts")
               if "createTestContext(" in p.read_text()}
    assert opening, "no test opens the database: the check would prove nothing"
    assert opening <= skipped, sorted(opening - skipped)
    assert all((project / path).is_file() for path in skipped), sorted(skipped)


# package.json is composed from the parts of fragments/packages.jinja an answer picks.
PACKAGES = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO_ROOT)).get_template(
    "fragments/packages.jinja").module
SECTIONS = ("dependencies", "devDependencies")
PACKAGE_KEYS = ["name", "description", "version", "private", "type", "engines", "scripts",
                *SECTIONS]


def picked_parts(stack: dict[str, str]) -> list[dict[str, Any]]:
    answers = {**stack, "dialect": PACKAGES.dialects[stack["database"]]}
    return [part for part in PACKAGES.parts
            if all(answers[key] == value for key, value in part["when"].items())]


def test_package_parts_name_real_answers_and_pinned_packages() -> None:
    options = {**available_values(), "dialect": sorted(set(PACKAGES.dialects.values()))}
    assert set(PACKAGES.dialects) == set(choice_values(CONFIG["database"]))
    named, problems = set(), []
    for part in PACKAGES.parts:
        problems += [f"{part['when']}: no answer {k}={v}" for k, v in part["when"].items()
                     if v not in options.get(k, [])]
        problems += [f"{part['when']}: unknown key {k}" for k in part
                     if k not in ("when", "scripts", "versions", *SECTIONS)]
        problems += [f"{part['when']}: script {s} has no place in script_order"
                     for s in part.get("scripts", {}) if s not in PACKAGES.script_order]
        listed = [name for section in SECTIONS for name in part.get(section, [])]
        problems += [f"{part['when']}: {name} has no version" for name in listed
                     if name not in PACKAGES.versions]
        problems += [f"{part['when']}: {name} listed twice" for name in set(listed)
                     if listed.count(name) > 1]
        problems += [f"{part['when']}: pins {name}, which no part lists"
                     for name in part.get("versions", {})
                     if not any(name in p.get(section, []) for p in PACKAGES.parts
                                for section in SECTIONS)]
        named.update(listed)
    problems += [f"{name}: pinned, never used" for name in set(PACKAGES.versions) - named]
    assert list(PACKAGES.versions) == sorted(PACKAGES.versions)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stack", COMBINATIONS, ids=COMBINATION_IDS)
def test_package_json_holds_exactly_the_parts_the_stack_picks(renders: Renders,
                                                               stack: dict[str, str]) -> None:
    text = (renders.get(stack) / "package.json").read_text()
    package = json.loads(text)
    assert text == json.dumps(package, indent=2, ensure_ascii=False) + "\n"  # as npm writes it
    assert list(package) == PACKAGE_KEYS
    parts = picked_parts(stack)
    versions = {**PACKAGES.versions}
    scripts: dict[str, str] = {}
    for part in parts:
        versions.update(part.get("versions", {}))
        scripts.update(part.get("scripts", {}))
    assert list(package["scripts"].items()) == [(name, scripts[name])
                                                for name in PACKAGES.script_order if name in scripts]
    for section in SECTIONS:
        assert list(package[section]) == sorted(package[section]), section
        for part in PACKAGES.parts:
            for name in part.get(section, []):
                # present exactly when a part the stack picks lists it, at the pinned version
                wanted = any(name in p.get(section, []) for p in parts)
                assert (name in package[section]) is wanted, f"{section} {name} ({part['when']})"
                assert package[section].get(name, versions[name]) == versions[name], name
    assert not set(package["dependencies"]) & set(package["devDependencies"])


def test_package_json_keeps_a_description_as_written(tmp_path: Path) -> None:
    description = 'Orders & "quotes" <b>, a back\\slash, caf\u00e9'
    project = render(tmp_path / "p", {**DEFAULT_STACK, "description": description})
    text = (project / "package.json").read_text()
    assert json.loads(text)["description"] == description
    assert '"description": "Orders & \\"quotes\\" <b>, a back\\\\slash, caf\u00e9",' in text


def test_prisma_engine_stand_in_matches_the_rendered_prisma(renders: Renders) -> None:
    """tests/prisma_engine runs Prisma's Wasm schema engine in place of the native one the CLI
    would download: it must be the engine build of the Prisma version a project pins."""
    package = json.loads((renders.get({**DEFAULT_STACK, "orm": "prisma"}) / "package.json")
                         .read_text())
    prisma = package["devDependencies"]["prisma"]
    assert package["dependencies"]["@prisma/client"] == prisma
    assert package["dependencies"]["@prisma/adapter-pg"] == prisma
    stand_in = json.loads((REPO_ROOT / "tests/prisma_engine/package.json").read_text())
    pins = stand_in["dependencies"]
    assert pins["@prisma/driver-adapter-utils"] == prisma
    assert pins["@prisma/adapter-pg"] == pins["@prisma/adapter-libsql"] == prisma
    assert pins["@prisma/schema-engine-wasm"].startswith(f"{prisma}-")
    assert pins["pg"] == package["dependencies"]["pg"]


def test_prisma_engine_stand_in_fails_each_request_without_its_packages(tmp_path: Path) -> None:
    """The CLI takes a schema engine that exits without answering for one that succeeded: with
    its packages missing, the stand-in must answer each request with an error instead, and a
    `cli` command must exit 1."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node on PATH")
    engine = tmp_path / "schema-engine.mjs"  # no node_modules anywhere above it
    shutil.copy(REPO_ROOT / "tests/prisma_engine/schema-engine.mjs", engine)
    datasource = ["--datasource", json.dumps({"url": "postgresql://127.0.0.1:9/none"})]
    request = {"jsonrpc": "2.0", "id": 1, "method": "getDatabaseVersion", "params": {}}
    rpc = subprocess.run([node, str(engine), *datasource], input=json.dumps(request) + "\n",
                         capture_output=True, text=True, timeout=60)
    reply = json.loads(rpc.stdout.splitlines()[0])
    assert reply["id"] == 1 and "Cannot find package" in reply["error"]["data"]["message"], reply
    cli = subprocess.run([node, str(engine), *datasource, "cli", "can-connect-to-database"],
                         capture_output=True, text=True, timeout=60)
    assert cli.returncode == 1 and "Cannot find package" in cli.stderr, cli.stderr


# ---------------------------------------------------------------------------------------------
# f. docs/DECISIONS.md: each pick, its need, and whether it was overridden
# ---------------------------------------------------------------------------------------------

PICKS = {"Language": "language", "API style": "api_style", "Framework": "framework",
         "Database": "database", "ORM / query layer": "orm", "Authentication": "auth",
         "Cache": "cache"}


def test_decisions_lists_every_pick_with_its_need_and_no_override(renders: Renders) -> None:
    project = renders.get(DEFAULT_STACK)
    rows = decision_rows((project / "docs/DECISIONS.md").read_text())
    assert set(rows) == set(PICKS)
    for title, key in PICKS.items():
        assert rows[title]["Chosen"] == f"`{DEFAULT_STACK[key]}`"
        assert rows[title]["Your need"].startswith("`need_")
        assert rows[title]["Table row behind the recommendation"].startswith("Decision tables: ")
        assert rows[title]["Overridden"] == "no", title


def test_decisions_marks_an_override(renders: Renders) -> None:
    project = renders.get({**DEFAULT_STACK, "cache": "memory"})
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["need_cache"] == "shared"
    rows = decision_rows((project / "docs/DECISIONS.md").read_text())
    assert rows["Cache"]["Chosen"] == "`memory`"
    assert rows["Cache"]["Recommended"] == "`redis`"
    assert rows["Cache"]["Overridden"] == "yes"
    assert [t for t, r in rows.items() if r["Overridden"] == "yes"] == ["Cache"]


def test_decisions_cite_the_table_row_and_say_when_a_recommendation_fell_back(
        renders: Renders) -> None:
    """The need "Fastest setup, managed" recommends Clerk, not generated yet: the row is cited by
    its table's name, and the JWT pick is no override."""
    project = renders.get({"need_auth": "managed", "need_api": "traditional"})
    rows = decision_rows((project / "docs/DECISIONS.md").read_text())
    auth = rows["Authentication"]
    assert (auth["Chosen"], auth["Recommended"]) == ("`jwt`", "`clerk`")
    assert auth["Overridden"] == "no: clerk is not generated yet"
    assert auth["Table row behind the recommendation"].startswith(
        "Decision tables: Authentication, row 'Fastest setup, managed' (")
    assert rows["Framework"]["Table row behind the recommendation"].startswith(
        "Decision tables: API pattern, row 'Traditional Node.js, mature ecosystem' (")


@pytest.mark.parametrize("stack", [DEFAULT_STACK, *COMBINATIONS[:3]],
                         ids=["default", *COMBINATION_IDS[:3]])
def test_no_rendered_file_cites_the_internal_spec(renders: Renders,
                                                  stack: dict[str, str]) -> None:
    project = renders.get(stack)
    found = [f"{path.relative_to(project)}:{number}: {line.strip()}" for path in files(project)
             for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
             if SPEC_CITATION.search(line)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("needs", [
    {"need_database": "document"},
    {"need_project": "data_heavy"},
    {"need_project": "data_heavy", "need_api": "full_typescript"},
], ids=lambda d: "+".join(f"{k}={v}" for k, v in d.items()))
def test_decisions_never_marks_an_untouched_default_as_overridden(
        open_questionnaire: Questionnaire, needs: dict[str, str]) -> None:
    """Answering only needs (``--defaults``) overrides nothing, also where a rule of the
    template adjusts the raw table row (MongoDB -> native driver; Python -> FastAPI, REST,
    SQLAlchemy). Rendered from the template file with copier's own environment."""
    q = open_questionnaire
    answers = q.computed_defaults(needs)
    remembered = {k: v for k, v in answers.items() if k in CONFIG and not k.startswith(
        "recommended_") and k != "project_slug"}
    template = q.env.get_template("template/typescript/docs/DECISIONS.md.jinja")
    text = template.render({**answers, "_copier_answers": remembered})
    rows = decision_rows(text)
    wrong = [f"{t}: chosen {r['Chosen']}, recommended {r['Recommended']}"
             for t, r in rows.items() if r["Overridden"] != "no"]
    assert not wrong, f"marked overridden though only needs were answered: {wrong}"


@pytest.mark.parametrize(("database", "first_step"), [
    ("postgresql", "npm install && npm run dev"),
    ("mysql", "docker compose up -d mysql"),
    ("mongodb", "docker compose up -d mongo"),
])
def test_message_after_copy_starts_what_the_database_needs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], database: str,
        first_step: str) -> None:
    """The closing message's first command after `cd` is the README's: a database that has no
    embedded mode gets its server started before npm runs."""
    copier.run_copy(str(REPO_ROOT), tmp_path / "app", data={"database": database},
                    defaults=True, unsafe=True, vcs_ref="HEAD", quiet=False)
    captured = capsys.readouterr()
    lines = [line.strip() for line in (captured.out + captured.err).splitlines()]
    after_cd = lines.index(f"cd {tmp_path / 'app'}") + 1
    assert lines[after_cd] == first_step, lines[after_cd - 1:after_cd + 4]


# ---------------------------------------------------------------------------------------------
# g. hooks/write_env.py
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def write_env() -> Any:
    spec = importlib.util.spec_from_file_location("write_env", REPO_ROOT / "hooks/write_env.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXAMPLE = """# Signing key
JWT_SECRET=replace-me
SESSION_SECRET=change-me-too
PORT=3000
DATABASE_URL=postgres://localhost/app
NOT_A_SECRET_VALUE=keep
"""


def test_render_env_replaces_every_secret_and_keeps_the_rest(write_env: Any) -> None:
    out = write_env.render_env(EXAMPLE).splitlines()
    example = EXAMPLE.splitlines()
    assert len(out) == len(example)
    for before, after in zip(example, out):
        key = before.split("=", 1)[0]
        if key.endswith("_SECRET"):
            assert after.startswith(f"{key}=") and after != before
            assert len(after.split("=", 1)[1]) >= 48
        else:
            assert after == before


def test_render_env_secrets_are_random(write_env: Any) -> None:
    assert write_env.render_env(EXAMPLE) != write_env.render_env(EXAMPLE)
    out = dotenv_text(write_env.render_env(EXAMPLE))
    assert out["JWT_SECRET"] != out["SESSION_SECRET"]


def dotenv_text(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line
                and not line.startswith("#"))


def test_main_writes_env_once_and_private(write_env: Any, tmp_path: Path) -> None:
    (tmp_path / ".env.example").write_text(EXAMPLE)
    assert write_env.main(tmp_path) == 0
    env = tmp_path / ".env"
    assert env.stat().st_mode & 0o077 == 0
    assert dotenv_text(env.read_text())["PORT"] == "3000"


def test_main_never_overwrites_an_existing_env(write_env: Any, tmp_path: Path) -> None:
    (tmp_path / ".env.example").write_text(EXAMPLE)
    (tmp_path / ".env").write_text("JWT_SECRET=mine\n")
    assert write_env.main(tmp_path) == 0
    assert (tmp_path / ".env").read_text() == "JWT_SECRET=mine\n"


def test_main_fails_without_an_example(write_env: Any, tmp_path: Path) -> None:
    assert write_env.main(tmp_path) == 1
    assert not (tmp_path / ".env").exists()


# ---------------------------------------------------------------------------------------------
# h. The contract probe's header checks, on responses and pages made up to pass or fail them
# ---------------------------------------------------------------------------------------------

API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": "default-src 'none';frame-ancestors 'none'",
               "X-Frame-Options": "DENY"}


def test_api_headers_pass_a_json_api_response() -> None:
    assert api_header_problems(httpx.Response(200, headers=API_HEADERS)) == []


@pytest.mark.parametrize(("header", "value", "problem"), [
    ("Cache-Control", "max-age=60", "Cache-Control: no-store"),
    ("Content-Security-Policy", "default-src 'self'", "CSP frame-ancestors 'none'"),
    ("Content-Security-Policy", "frame-ancestors 'self'", "CSP frame-ancestors 'none'"),
    ("X-Frame-Options", "SAMEORIGIN", "X-Frame-Options: DENY"),
    ("X-Content-Type-Options", "", "X-Content-Type-Options: nosniff"),
])
def test_api_headers_name_what_a_response_lacks(header: str, value: str, problem: str) -> None:
    assert api_header_problems(httpx.Response(200, headers={**API_HEADERS, header: value})) \
        == [problem]


INLINE = "window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json' })"
INLINE_HASH = f"'sha256-{base64.b64encode(hashlib.sha256(INLINE.encode()).digest()).decode()}'"
DOCS_PAGE = f"""<html><head><script src="./swagger-ui-bundle.js"></script>
<script src="https://cdn.example.net/npm/swagger-ui-dist@5/swagger-ui-standalone-preset.js"
 crossorigin="anonymous"></script></head><body><script>{INLINE}</script></body></html>"""
PAGE_URL = "http://127.0.0.1:3000/docs/index.html"


def test_page_scripts_pass_a_csp_that_allows_them() -> None:
    csp = f"default-src 'self'; script-src 'self' https://cdn.example.net {INLINE_HASH}"
    assert page_script_problems(DOCS_PAGE, csp, PAGE_URL) == []
    assert page_script_problems(DOCS_PAGE, "default-src 'self' https: 'unsafe-inline'",
                                PAGE_URL) == []


@pytest.mark.parametrize(("csp", "blocked"), [
    ("default-src 'none'; frame-ancestors 'none'", ["swagger-ui-bundle.js",
                                                    "swagger-ui-standalone-preset.js", "inline"]),
    (f"script-src 'self' {INLINE_HASH}", ["swagger-ui-standalone-preset.js"]),
    ("script-src https://cdn.example.net 'unsafe-inline'", ["swagger-ui-bundle.js"]),
    ("script-src 'self' https://cdn.example.net 'sha256-AAAA' 'unsafe-inline'", ["inline"]),
    (f"script-src 'self' https://cdn.example.net.evil.test {INLINE_HASH}",
     ["swagger-ui-standalone-preset.js"]),
])
def test_page_scripts_name_each_script_the_csp_blocks(csp: str, blocked: list[str]) -> None:
    problems = page_script_problems(DOCS_PAGE, csp, PAGE_URL)
    assert len(problems) == len(blocked), problems
    for problem, script in zip(problems, blocked):
        assert script in problem, problems
