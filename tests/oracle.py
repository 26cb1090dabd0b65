"""The decision tables, transcribed independently of copier.yml.

The decision tables exist twice and check each other: copier.yml computes the recommendations,
and this module is the second copy, written from the tables' source text (docs/decision-tables.md
names each table and row), not from copier.yml or questionnaire/; tests/test_fast.py asserts
that, for every combination of needs, copier's recommended defaults equal ``recommend(needs)``.

Each table below quotes its source row. Where a row names more than one option, or no option of
the kind the question asks for, the rule the template adopted is written beside it with its
reason (marked RULE).
"""

from __future__ import annotations

from typing import Final

STACK_KEYS: Final = ("language", "api_style", "framework", "database", "orm", "auth", "cache")
NEED_KEYS: Final = ("need_project", "need_api", "need_database", "need_orm", "need_auth",
                    "need_cache")

# --- Decision tables: Language/technology approach ------------------------------------------
# need_project -> language
LANGUAGE: Final = {
    # "For standalone APIs — Node.js + Express/Fastify with TypeScript, or Python + FastAPI"
    # RULE: TypeScript, the first option named (and "Always use TypeScript over JavaScript").
    "standalone_api": "typescript",
    # "For most web apps — Next.js (API routes + server actions) with TypeScript, Supabase or
    #  PostgreSQL, Prisma or Drizzle ORM"
    "web_app": "typescript",
    # "For data-heavy apps — Python + FastAPI, PostgreSQL, Redis for caching"
    "data_heavy": "python",
    # "For real-time apps — Node.js + Socket.io or server-sent events, Redis pub/sub"
    "realtime": "typescript",
}

# --- Decision tables: API pattern -----------------------------------------------------------
# need_api -> (api_style, framework). The table mixes API styles (tRPC, REST, GraphQL) and
# frameworks (Hono, Express, Fastify) in one column, so each row yields both picks.
API_PATTERN: Final = {
    # "| Full TypeScript stack, same repo | tRPC |"
    # RULE: the row names no framework -> fastify (the "High-performance, low overhead" row).
    "full_typescript": ("trpc", "fastify"),
    # "| Public API, multiple clients | REST with OpenAPI |"  (no framework -> fastify)
    "public_api": ("rest", "fastify"),
    # "| Complex data relationships, flexibility | GraphQL |"  (no framework -> fastify)
    "complex_data": ("graphql", "fastify"),
    # "| Edge/serverless with TypeScript | Hono |"
    # RULE: the row names no API style -> REST, the one HTTP contract (docs/architecture.md).
    "edge": ("rest", "hono"),
    # "| Traditional Node.js, mature ecosystem | Express or Fastify |"
    # RULE: Express, the first option named (Fastify has its own row below).
    "traditional": ("rest", "express"),
    # "| High-performance, low overhead | Fastify |"
    "high_performance": ("rest", "fastify"),
}

# --- Decision tables: Database --------------------------------------------------------------
DATABASE: Final = {
    # "| Relational data, complex queries | PostgreSQL |"
    "relational": "postgresql",
    # "| Serverless, auto-scaling | PlanetScale or Turso |"
    # RULE: PlanetScale, listed first; PlanetScale speaks MySQL -> mysql.
    "serverless": "mysql",
    # "| Document-oriented, flexible schema | MongoDB |"
    "document": "mongodb",
    # "| Real-time subscriptions | Supabase |"
    "realtime": "supabase",
    # "| Edge deployment, embedded | Turso (libSQL) or SQLite |"
    # RULE: Turso, listed first -> libsql.
    "edge": "libsql",
}

# --- Decision tables: ORM -------------------------------------------------------------------
ORM: Final = {
    # "| Best DX, type inference | Prisma |"
    "best_dx": "prisma",
    # "| SQL-like, lightweight | Drizzle |"
    "sql_like": "drizzle",
    # "| Query builder, maximum control | Kysely |"
    "query_builder": "kysely",
}
# "| MongoDB with TypeScript | Prisma or native driver |"
# RULE: the native driver (orm value "mongodb"): Prisma 7 has no MongoDB support.
ORM_FOR_MONGODB: Final = "mongodb"

# --- Decision tables: Authentication --------------------------------------------------------
AUTH: Final = {
    # Not a row of the source table, but its guidance on auth methods:
    # "JWT: Stateless, API-first architectures" -> self-hosted JWT.
    "stateless_api": "jwt",
    # "| Lightweight, self-hosted | Lucia |"  (Lucia is deprecated; its cookie-session pattern)
    "lightweight": "session",
    # "| Fastest setup, managed | Clerk |"
    "managed": "clerk",
    # "| Open source, Next.js | NextAuth (Auth.js) |"
    "open_source": "authjs",
    # "| Enterprise, SSO/SAML | Auth0 |"
    "enterprise": "auth0",
    # "| Already using Supabase | Supabase Auth |"
    "supabase": "supabase",
    # "| Already using Firebase | Firebase Auth |"
    "firebase": "firebase",
    # "| Maximum flexibility | Passport |"
    "flexibility": "passport",
    # RULE: an internal service behind a gateway needs no sign-in.
    "none": "none",
}

# --- Decision tables: Cache (its first row is the database table's last) ---------------------
CACHE: Final = {
    # "| Caching, sessions, queues | Redis |" -- a cache shared by every instance.
    "shared": "redis",
    # RULE: one process needs no server; an in-memory cache is the usual alternative to Redis.
    "single_instance": "memory",
    # RULE: "Caching: implement when read-heavy operations show performance issues".
    "none": "none",
}

# RULE ("Python + FastAPI"): the API-pattern rows name Node.js tools (tRPC, Hono, Express,
# Fastify), so for Python the framework is FastAPI, the style is REST (the one HTTP contract,
# docs/architecture.md) and the data layer is SQLAlchemy (the README's option table).
PYTHON_STACK: Final = {"api_style": "rest", "framework": "fastapi", "orm": "sqlalchemy"}


def recommend(needs: dict[str, str]) -> dict[str, str]:
    """The stack the decision tables recommend for ``needs`` (the ``need_*`` answers)."""
    language = LANGUAGE[needs["need_project"]]
    if language == "python" and needs["need_database"] == "document":
        # RULE: the Python stack (FastAPI + SQLAlchemy) has no MongoDB layer, so a document
        # need keeps the Node.js row ("standalone APIs: Node.js ... or Python").
        language = "typescript"
    api_style, framework = API_PATTERN[needs["need_api"]]
    database = DATABASE[needs["need_database"]]
    orm = ORM_FOR_MONGODB if database == "mongodb" else ORM[needs["need_orm"]]
    stack = {
        "language": language,
        "api_style": api_style,
        "framework": framework,
        "database": database,
        "orm": orm,
        "auth": AUTH[needs["need_auth"]],
        "cache": CACHE[needs["need_cache"]],
    }
    if language == "python":
        stack.update(PYTHON_STACK)
    if (stack["auth"] == "passport" and stack["framework"] in ("hono", "fastapi")) or (
            stack["auth"] == "authjs" and language == "python"):
        # RULE: Passport is Connect middleware and Auth.js a Node.js library; where they cannot
        # run, "JWT: Stateless, API-first architectures" applies.
        stack["auth"] = "jwt"
    return stack


# Values every need_* question offers (the oracle's own list; the test checks copier.yml's
# choices are exactly these, so a new need row cannot slip past the sweep).
NEED_VALUES: Final = {
    "need_project": tuple(LANGUAGE),
    "need_api": tuple(API_PATTERN),
    "need_database": tuple(DATABASE),
    "need_orm": tuple(ORM),
    "need_auth": tuple(AUTH),
    "need_cache": tuple(CACHE),
}

# Impossible pairs (per-choice validators refuse them with the reason).
# Each entry: (answers that form the pair, the question refused, words its reason contains).
IMPOSSIBLE_PAIRS: Final = (
    ({"database": "mongodb", "orm": "kysely"}, "orm", "SQL databases"),
    ({"database": "mongodb", "orm": "drizzle"}, "orm", "SQL databases"),
    ({"database": "postgresql", "orm": "mongoose"}, "orm", "only talks to MongoDB"),
    ({"database": "mysql", "orm": "mongodb"}, "orm", "only talks to MongoDB"),
    ({"database": "sqlite", "orm": "mongoose"}, "orm", "only talks to MongoDB"),
    ({"database": "mongodb", "orm": "prisma"}, "orm", "Prisma 7 does not support MongoDB"),
    ({"language": "python", "api_style": "trpc"}, "api_style", "TypeScript library"),
    ({"language": "python", "framework": "express"}, "framework", "Node.js framework"),
    ({"language": "python", "framework": "fastify"}, "framework", "Node.js framework"),
    ({"language": "python", "framework": "hono"}, "framework", "TypeScript framework"),
    ({"language": "typescript", "framework": "fastapi"}, "framework", "Python framework"),
    ({"language": "typescript", "orm": "sqlalchemy"}, "orm", "pick language python"),
    ({"framework": "hono", "auth": "passport"}, "auth", "not Connect-compatible"),
    ({"language": "python", "auth": "passport"}, "auth", "TypeScript library"),
    ({"language": "python", "auth": "authjs"}, "auth", "TypeScript library"),
)


def impossible(stack: dict[str, str]) -> str | None:
    """Why ``stack`` cannot be rendered, or None (the oracle's own list of impossible pairs)."""
    ts = stack.get("language") == "typescript"
    mongo = stack.get("database") == "mongodb"
    orm, framework, auth = stack.get("orm"), stack.get("framework"), stack.get("auth")
    if not ts and stack.get("api_style") == "trpc":
        return "tRPC with python"
    if not ts and framework in ("express", "fastify", "hono"):
        return f"{framework} with python"
    if ts and framework == "fastapi":
        return "fastapi with typescript"
    if mongo and orm in ("kysely", "drizzle", "prisma", "sqlalchemy"):
        return f"{orm} with mongodb"
    if not mongo and orm in ("mongoose", "mongodb"):
        return f"{orm} with a SQL database"
    if not ts and orm in ("drizzle", "prisma", "kysely", "mongoose", "mongodb"):
        return f"{orm} with python"
    if ts and orm == "sqlalchemy":
        return "sqlalchemy with typescript"
    if framework == "hono" and auth == "passport":
        return "passport with hono"
    if not ts and auth in ("passport", "authjs"):
        return f"{auth} with python"
    return None
