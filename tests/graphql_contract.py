"""The HTTP contract probe for a GraphQL stack: the operations of ``contract.Probe`` (register,
login, refresh with reuse detection, me, posts CRUD with 401/403/404, validation errors) made
through GraphQL at ``/api/v1/graphql``, plus GraphQL's own hazards (malformed, too deep, too
costly queries; introspection in production). Health, headers, CORS, request ids, unknown
routes, malformed JSON and oversized bodies are the plain HTTP checks, answered with the error
envelope by the framework before GraphQL sees the request.

    uv run python tests/graphql_contract.py http://127.0.0.1:3000 --origin http://allowed.test --auth-limit 40

Importing this module registers ``GraphQLProbe`` as ``contract.PROBES["graphql"]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Any

import httpx

from contract import (API, PASSWORD, POST_KEYS, PROBES, USER_KEYS, ContractError,
                      Probe, _has_stack, describe, expect, expect_error, probe_contract,
                      probe_rate_limit)

GRAPHQL = f"{API}/graphql"
EXTENSION_KEYS = {"code", "details", "requestId"}
AUTH_MUTATIONS = ("register", "login", "refresh", "logout")
USER_FIELDS = "id email name role createdAt"
POST_FIELDS = "id title content published authorId createdAt updatedAt"
TOKEN_FIELDS = "accessToken refreshToken tokenType expiresIn"
MAX_DEPTH = 10  # src/graphql/server.ts
# The largest page a client may ask for: accepted alone, refused twice in one query (cost).
LARGEST_PAGE = (f"posts(first: 100) {{ edges {{ cursor node {{ {POST_FIELDS} "
                f"author {{ {USER_FIELDS} }} }} }} "
                "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }")


def graphql_body(response: httpx.Response, what: str) -> dict[str, Any]:
    """A GraphQL response: JSON ``{"data"?, "errors"?}``, never a 5xx."""
    expect(response.status_code < 500, f"{what}: a GraphQL request must not answer 5xx", response)
    ctype = response.headers.get("content-type", "")
    expect("json" in ctype, f"{what}: expected a JSON response, got content-type {ctype!r}",
           response)
    try:
        body = response.json()
    except ValueError as exc:
        raise ContractError(f"{what}: invalid JSON body: {exc}\n    -> {describe(response)}") \
            from exc
    expect(isinstance(body, dict) and body and set(body) <= {"data", "errors", "extensions"},
           f'{what}: body must be {{"data"?, "errors"?}}', response)
    return body


def graphql_data(response: httpx.Response, what: str) -> dict[str, Any]:
    """The ``data`` of a successful operation."""
    body = graphql_body(response, what)
    expect(not body.get("errors"), f"{what}: unexpected errors", response)
    expect(response.status_code == 200, f"{what}: expected HTTP 200", response)
    expect(isinstance(body.get("data"), dict), f"{what}: data must be an object", response)
    return body["data"]


def expect_graphql_error(response: httpx.Response, code: str | tuple[str, ...], what: str,
                         *, data: bool | None = None) -> dict[str, Any]:
    """The first error carries the envelope's code in ``extensions``: ``{"message", "path"?,
    "locations"?, "extensions": {"code", "details"?, "requestId"}}``; returns it. ``data=False``
    for a request refused before execution (no ``data`` key), ``True`` for an execution error."""
    codes = code if isinstance(code, tuple) else (code,)
    body = graphql_body(response, what)
    errors = body.get("errors")
    expect(isinstance(errors, list) and errors, f"{what}: expected GraphQL errors", response)
    if data is not None:
        expect(("data" in body) is data, f"{what}: {'a' if data else 'no'} data key expected "
               f"({'an execution error' if data else 'refused before execution'})", response)
    for error in errors:
        expect(isinstance(error, dict) and isinstance(error.get("message"), str)
               and error["message"], f"{what}: each error needs a message", response)
        extensions = error.get("extensions")
        expect(isinstance(extensions, dict), f"{what}: each error needs extensions", response)
        extra = set(extensions) - EXTENSION_KEYS
        expect(not extra, f"{what}: extensions has unexpected keys {sorted(extra)}", response)
        expect(extensions.get("requestId") == response.headers.get("x-request-id"),
               f"{what}: extensions.requestId must equal the X-Request-Id header", response)
    expect(errors[0]["extensions"].get("code") in codes,
           f"{what}: expected extensions.code in {codes}", response)
    expect(not _has_stack(body), f"{what}: the body leaks a stack trace", response)
    return errors[0]


class GraphQLProbe(Probe):
    """The same operations as GraphQL queries and mutations; errors travel in ``errors`` with
    HTTP 200 (execution) or 4xx (a request GraphQL refuses), the codes in ``extensions``."""

    AUTH_PREFIX = "\0"  # one route for every operation: auth mutations are counted in op()
    PREFLIGHT_PATH = GRAPHQL
    LARGEST_PAGE = LARGEST_PAGE
    PAGES_OVER_THE_COST = 2  # how many largest pages one query needs to cost too much
    A_MUTATION = 'mutation { logout(input: { refreshToken: "x" }) }'  # sent with GET: 405
    SECTIONS = ("health", "request_id", "secure_headers", "cors", "errors", "limits",
                "introspection", "register", "login", "me", "refresh", "logout", "posts",
                "body_limit", "every_response")

    def op(self, query: str, variables: dict[str, Any] | None = None,
           token: str | None = None) -> httpx.Response:
        """One operation, POSTed as JSON; the response's ``data``/``errors`` are read by callers."""
        if any(f"{name}(" in query for name in AUTH_MUTATIONS):
            self.result.auth_requests += 1
        return self.client.post(GRAPHQL, json={"query": query, "variables": variables or {}},
                                headers={"Accept": "application/json", **self.auth(token)})

    def _is_error_body(self, response: httpx.Response, body: Any) -> bool:
        if super()._is_error_body(response, body):
            return True  # the framework's envelope: bad JSON, too large, rate limited
        errors = body.get("errors") if isinstance(body, dict) else None
        return (response.request.url.path == GRAPHQL and isinstance(errors, list) and bool(errors)
                and all(isinstance(e, dict) and "code" in (e.get("extensions") or {})
                        for e in errors)
                and not _has_stack(body))

    def expect_failure(self, response: httpx.Response, status: int | tuple[int, ...],
                       code: str | tuple[str, ...], what: str) -> dict[str, Any]:
        # Refused by the framework (the error envelope), or by a resolver (a GraphQL error).
        if response.headers.get("content-type", "").startswith("application/json") and \
                "error" in response.json():
            return expect_error(response, status, code, what)
        return expect_graphql_error(response, code, what)["extensions"]

    def bad_login(self) -> httpx.Response:
        return self.op('mutation { login(input: { email: "hammer@example.com", '
                       'password: "not-the-password" }) { accessToken } }')

    # ------------------------------------------------------------------ sections

    def errors(self) -> None:
        self.unknown_routes()
        r = self.client.post(GRAPHQL, content=b'{"query": "{ posts { edges',
                             headers={"Content-Type": "application/json"})
        expect_error(r, 400, "VALIDATION_ERROR", "malformed JSON (the HTTP layer's envelope)")
        r = self.op("{ posts { edges { node { id } } ")
        error = expect_graphql_error(r, "VALIDATION_ERROR", "a malformed query", data=False)
        expect(error["message"].startswith("Syntax Error"),
               "a malformed query: the message must say it is a syntax error", r)
        r = self.op("{ posts { edges { node { passwordHash } } } }")
        expect_graphql_error(r, "VALIDATION_ERROR", "a query for an unknown field", data=False)
        r = self.client.post(GRAPHQL, content=b"{ posts { edges { cursor } } }",
                             headers={"Content-Type": "text/plain"})
        expect(r.status_code in (400, 415), "an unsupported content type must answer 400 or 415",
               r)
        expect_graphql_error(r, "VALIDATION_ERROR", "an unsupported content type")
        r = self.client.get(GRAPHQL, params={"query": self.A_MUTATION})
        expect(r.status_code == 405, "a mutation sent with GET must answer 405", r)
        expect_graphql_error(r, "VALIDATION_ERROR", "a mutation sent with GET")
        r = self.client.get(GRAPHQL, params={"query": "{ posts(first: 1) { edges { cursor } } }"})
        graphql_data(r, "a query sent with GET")

    def limits(self) -> None:
        nested = "id"
        for _ in range(MAX_DEPTH):
            nested = f"... on Post {{ {nested} }}"
        r = self.op(f"{{ posts {{ edges {{ node {{ {nested} }} }} }} }}")
        error = expect_graphql_error(r, "VALIDATION_ERROR", "a query deeper than the limit",
                                     data=False)
        expect("depth" in error["message"].lower(), "a too deep query: the message must say so",
               r)
        graphql_data(self.op(f"{{ {self.LARGEST_PAGE} }}"),
                     "the largest page (cost under the limit)")
        pages = " ".join(f"p{i}: {self.LARGEST_PAGE}" for i in range(self.PAGES_OVER_THE_COST))
        r = self.op(f"{{ {pages} }}")
        error = expect_graphql_error(r, "VALIDATION_ERROR", "a query costlier than the limit",
                                     data=False)
        expect("cost" in error["message"].lower(), "a too costly query: the message must say so",
               r)
        aliases = " ".join(f"a{i}: posts {{ pageInfo {{ hasNextPage }} }}" for i in range(16))
        expect_graphql_error(self.op(f"{{ {aliases} }}"), "VALIDATION_ERROR", "16 aliases",
                             data=False)

    def introspection(self) -> None:
        """The server runs with NODE_ENV=production: no schema for strangers, no hints."""
        r = self.op("{ __schema { types { name } } }")
        error = expect_graphql_error(r, "VALIDATION_ERROR", "introspection in production",
                                     data=False)
        expect("introspection" in error["message"].lower(),
               "introspection in production: the message must say it is disabled", r)
        r = self.op("{ posts { edges { node { titl } } } }")
        expect_graphql_error(r, "VALIDATION_ERROR", "a misspelt field")
        expect("did you mean" not in r.text.lower(),
               "production must not suggest field names (they reveal the schema)", r)

    def register(self) -> None:
        email = f"probe-{uuid.uuid4().hex[:10]}@example.com"
        mutation = f"mutation($i: RegisterInput!) {{ register(input: $i) {{ {USER_FIELDS} }} }}"
        payload = {"email": email, "password": PASSWORD, "name": "Probe User"}
        r = self.op(mutation, {"i": payload})
        user = graphql_data(r, "register")["register"]
        expect(isinstance(user, dict) and set(user) == USER_KEYS,
               f"register: a user with exactly {sorted(USER_KEYS)}", r)
        expect(user["email"] == email and user["role"] == "USER",
               'register: email echoed (granted to the new account) and role USER', r)
        self.state["user"] = user
        self.state["email"] = email
        self.result.secrets.append(PASSWORD)
        expect_graphql_error(self.op(mutation, {"i": payload}), "CONFLICT", "duplicate register",
                             data=True)
        r = self.op(mutation, {"i": {"email": f"x{uuid.uuid4().hex[:8]}@example.com",
                                     "password": "short", "name": "X"}})
        error = expect_graphql_error(r, "VALIDATION_ERROR", "password shorter than 8")
        details = error["extensions"].get("details") or []
        expect([d.get("field") for d in details] == ["input.password"],
               "short password: extensions.details must name input.password", r)

    def _login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        r = self.op(f"mutation($i: LoginInput!) {{ login(input: $i) {{ {TOKEN_FIELDS} }} }}",
                    {"i": {"email": email, "password": password}})
        return self._tokens(graphql_data(r, "login")["login"], "login", r)

    def login(self) -> None:
        self._log_in_the_registered_user()
        attempt = "mutation($i: LoginInput!) { login(input: $i) { accessToken } }"
        wrong = self.op(attempt, {"i": {"email": self.state["email"], "password": PASSWORD + "x"}})
        e1 = expect_graphql_error(wrong, "UNAUTHORIZED", "login with a wrong password")
        unknown = self.op(attempt, {"i": {"email": f"nobody-{uuid.uuid4().hex[:8]}@example.com",
                                          "password": PASSWORD}})
        e2 = expect_graphql_error(unknown, "UNAUTHORIZED", "login with an unknown email")
        alike = [(e["extensions"]["code"], e["message"]) for e in (e1, e2)]
        expect(alike[0] == alike[1],
               f"wrong password and unknown email must answer alike: {e1} vs {e2}")

    def me(self) -> None:
        expect("tokens" in self.state, "needs a logged-in user")
        query = f"{{ me {{ {USER_FIELDS} }} }}"
        r = self.op(query, token=self.state["tokens"]["credential"])
        expect(graphql_data(r, "me")["me"] == self.state["user"], "me: the registered user", r)
        expect_graphql_error(self.op(query), "UNAUTHORIZED", "me without a token", data=True)
        expect_graphql_error(self.op(query, token="not.a.jwt"), "UNAUTHORIZED",
                             "me with a garbage token")

    def _refresh(self, refresh_token: str) -> httpx.Response:
        return self.op(f"mutation($t: String!) {{ refresh(input: {{ refreshToken: $t }}) "
                       f"{{ {TOKEN_FIELDS} }} }}", {"t": refresh_token})

    def refresh(self) -> None:
        expect("email" in self.state, "needs the registered user")
        first = self._login(self.state["email"])
        r = self._refresh(first["refreshToken"])
        second = self._tokens(graphql_data(r, "refresh")["refresh"], "refresh", r)
        expect(second["refreshToken"] != first["refreshToken"], "refresh must rotate the token", r)
        expect_graphql_error(self._refresh(first["refreshToken"]), "UNAUTHORIZED",
                             "reusing a rotated refresh token")
        expect_graphql_error(self._refresh(second["refreshToken"]), "UNAUTHORIZED",
                             "the newest refresh token after a reuse (its family must be revoked)")

    def logout(self) -> None:
        expect("email" in self.state, "needs the registered user")
        tokens = self._login(self.state["email"])
        r = self.op("mutation($t: String!) { logout(input: { refreshToken: $t }) }",
                    {"t": tokens["refreshToken"]}, token=tokens["credential"])
        expect(graphql_data(r, "logout") == {"logout": True}, "logout must answer true", r)
        expect_graphql_error(self._refresh(tokens["refreshToken"]), "UNAUTHORIZED",
                             "refresh after logout")

    def _page(self, token: str, first: int, after: str | None = None) -> dict[str, Any]:
        r = self.op("query($first: Int, $after: String) { posts(first: $first, after: $after) {"
                    " edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }",
                    {"first": first, "after": after}, token)
        return graphql_data(r, "posts page")["posts"]

    def posts(self) -> None:
        expect("tokens" in self.state, "needs a logged-in user")
        owner = self.state["tokens"]["credential"]
        other_email = f"probe-other-{uuid.uuid4().hex[:8]}@example.com"
        graphql_data(self.op("mutation($i: RegisterInput!) { register(input: $i) { id } }",
                             {"i": {"email": other_email, "password": PASSWORD, "name": "Other"}}),
                     "register a second user")
        other = self._login(other_email)["credential"]

        self._page(owner, 100)  # primes the list cache
        create = f"mutation($i: CreatePostInput!) {{ createPost(input: $i) {{ {POST_FIELDS} }} }}"
        payload = {"title": "Probe post", "content": "Written by the contract probe.",
                   "published": True}
        expect_graphql_error(self.op(create, {"i": payload}), "UNAUTHORIZED",
                             "createPost without a token", data=True)
        r = self.op(create, {"i": payload}, owner)
        post = graphql_data(r, "createPost")["createPost"]
        expect(isinstance(post, dict) and set(post) == POST_KEYS,
               f"created post must have exactly {sorted(POST_KEYS)}", r)
        expect(post["authorId"] == self.state["user"]["id"], "post.authorId must be the creator", r)
        expect(post["title"] == payload["title"] and post["published"] is True,
               "created post must echo its fields", r)
        pid = post["id"]
        r = self.op(create, {"i": {**payload, "title": "  "}}, owner)
        error = expect_graphql_error(r, "VALIDATION_ERROR", "createPost with a blank title")
        expect([d.get("field") for d in error["extensions"].get("details") or []]
               == ["input.title"], "blank title: extensions.details must name input.title", r)

        page = self._page(owner, 100)
        expect(pid in [edge["node"]["id"] for edge in page["edges"]],
               "the list must show the new post (cache invalidated?)")
        graphql_data(self.op(create, {"i": payload}, owner), "createPost, a second one")
        first = self._page(owner, 1)
        expect(len(first["edges"]) == 1 and first["pageInfo"]["hasNextPage"] is True,
               f"posts(first: 1): one edge and a next page, got {first}")
        after = self._page(owner, 1, first["pageInfo"]["endCursor"])
        next_ids = [edge["node"]["id"] for edge in after["edges"]]
        expect(next_ids and next_ids[0] != first["edges"][0]["node"]["id"],
               f"posts(first: 1, after: endCursor) must be the next post, got {after}")
        r = self.op("{ posts(first: 1000) { edges { cursor } } }", token=owner)
        expect_graphql_error(r, "VALIDATION_ERROR", "posts(first: 1000)")

        get = f"query($id: ID!) {{ post(id: $id) {{ {POST_FIELDS} }} }}"
        r = self.op(get, {"id": pid}, owner)
        expect(graphql_data(r, "post")["post"] == post, "get the post back", r)
        expect_graphql_error(self.op(get, {"id": str(uuid.uuid4())}, owner), "NOT_FOUND",
                             "post with an unknown id", data=True)
        expect_graphql_error(self.op(get, {"id": "not-a-uuid"}, owner), "VALIDATION_ERROR",
                             "post with a malformed id")

        email_of_author = "query($id: ID!) { post(id: $id) { author { email } } }"
        r = self.op(email_of_author, {"id": pid}, other)
        expect(graphql_data(r, "post.author.email by another user")["post"]["author"]["email"]
               is None, "a user's email must be hidden from other users", r)
        r = self.op(email_of_author, {"id": pid}, owner)
        expect(graphql_data(r, "post.author.email by the author")["post"]["author"]["email"]
               == self.state["email"], "a user must see their own email", r)

        update = ("mutation($id: ID!, $i: UpdatePostInput!) { updatePost(id: $id, input: $i) "
                  "{ id title } }")
        expect_graphql_error(self.op(update, {"id": pid, "i": {"title": "Hijacked"}}, other),
                             "FORBIDDEN", "updatePost by another user")
        r = self.op(update, {"id": pid, "i": {"title": "Probe post, edited"}}, owner)
        expect(graphql_data(r, "updatePost by the owner")["updatePost"]["title"]
               == "Probe post, edited", "updatePost must apply", r)
        r = self.op(get, {"id": pid}, owner)
        expect(graphql_data(r, "post after update")["post"]["title"] == "Probe post, edited",
               "post after updatePost must show the new title (cache invalidated?)", r)

        delete = "mutation($id: ID!) { deletePost(id: $id) }"
        expect_graphql_error(self.op(delete, {"id": pid}, other), "FORBIDDEN",
                             "deletePost by another user")
        expect_graphql_error(self.op(delete, {"id": pid}), "UNAUTHORIZED",
                             "deletePost without a token")
        r = self.op(delete, {"id": pid}, owner)
        expect(graphql_data(r, "deletePost by the owner") == {"deletePost": pid},
               "deletePost must answer the deleted id", r)
        expect_graphql_error(self.op(get, {"id": pid}, owner), "NOT_FOUND", "post after delete")

    def body_limit(self) -> None:
        token = (self.state.get("tokens") or {}).get("credential")
        create = "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }"
        big = json.dumps({"query": create,
                          "variables": {"i": {"title": "big", "content": "x" * (2 * 1024 * 1024)}}})
        r = self.client.post(GRAPHQL, content=big.encode(),
                             headers={"Content-Type": "application/json", **self.auth(token)})
        expect_error(r, 413, "PAYLOAD_TOO_LARGE", "a 2 MiB body")


PROBES["graphql"] = GraphQLProbe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--origin", default="http://allowed.test", help="an allowed CORS origin")
    parser.add_argument("--auth-limit", type=int, default=0,
                        help="AUTH_RATE_LIMIT_MAX of the server; 0 skips the rate-limit probe")
    args = parser.parse_args(argv)
    result = probe_contract(args.base_url, allowed_origin=args.origin, api_style="graphql")
    print(result.report())
    failed = bool(result.failures)
    if args.auth_limit:
        limited = probe_rate_limit(args.base_url, args.auth_limit, "graphql")
        print(limited.report())
        failed = failed or bool(limited.failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
