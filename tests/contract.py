"""The HTTP contract probe (docs/architecture.md, "The HTTP contract"), stack-agnostic.

Plain Python + httpx, so every stack's e2e test (and a human) can run it against a live server:

    uv run python tests/contract.py http://127.0.0.1:3000 --origin http://allowed.test --auth-limit 40

``probe_contract`` walks the contract in sections; a failing section records its first failed
assertion and the probe moves on, so one run shows every broken part. ``probe_rate_limit``
hammers the login route and must run last (it exhausts the auth limit for this client).
``api_style="trpc"`` (``--api-style trpc``) makes the same operations through tRPC's own HTTP
protocol (``TrpcProbe``), ``api_style="graphql"`` through GraphQL
(``graphql_contract.GraphQLProbe``, registered in ``PROBES`` when that module is imported); the
plain HTTP checks (health, headers, CORS, request id, unknown routes) are the same for every style.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

import httpx

ERROR_STATUS = {
    "VALIDATION_ERROR": 400,
    "UNAUTHORIZED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "CONFLICT": 409,
    "PAYLOAD_TOO_LARGE": 413,
    "RATE_LIMITED": 429,
    "INTERNAL_ERROR": 500,
}
USER_KEYS = {"id", "email", "name", "role", "createdAt"}
POST_KEYS = {"id", "title", "content", "published", "authorId", "createdAt", "updatedAt"}
TOKEN_KEYS = {"accessToken", "refreshToken", "tokenType", "expiresIn"}
META_KEYS = {"page", "limit", "total", "totalPages"}
CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
API = "/api/v1"
PASSWORD = "Correct-Horse-Battery-9"


class ContractError(AssertionError):
    pass


def csp_directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: sources}; the first of a name wins."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def api_header_problems(response: httpx.Response) -> list[str]:
    """What a JSON response lacks of the headers the OWASP REST Security Cheat Sheet asks of
    every API response (nothing may frame it, no MIME sniffing, no cache may keep it)."""
    headers = response.headers
    csp = csp_directives(headers.get("content-security-policy", ""))
    wanted = {
        "Cache-Control: no-store": "no-store" in headers.get("cache-control", ""),
        "X-Content-Type-Options: nosniff": headers.get("x-content-type-options") == "nosniff",
        "CSP frame-ancestors 'none'": csp.get("frame-ancestors") == ["'none'"],
        "X-Frame-Options: DENY": headers.get("x-frame-options", "").upper() == "DENY",
    }
    return [name for name, present in wanted.items() if not present]


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []  # <script src>
        self.inline: list[str] = []  # the text of each <script> without src
        self._in_inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src)
            else:
                self._in_inline = True
                self.inline.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline = False

    def handle_data(self, data: str) -> None:
        if self._in_inline:
            self.inline[-1] += data


def _source_matches(source: str, url: httpx.URL, page: httpx.URL) -> bool:
    """Whether a CSP source expression allows `url` on `page`: 'self', a scheme (`https:`) or a
    host with its scheme (`https://cdn.example.net`); anything else counts as not allowing it."""
    if source == "'self'":
        return (url.scheme, url.host, url.port) == (page.scheme, page.host, page.port)
    if source == f"{url.scheme}:":
        return True
    return "://" in source and str(url).startswith(source.rstrip("/") + "/")


def page_script_problems(html: str, csp_header: str, page_url: str) -> list[str]:
    """The scripts of an HTML page its Content-Security-Policy would block in a browser: external
    ones matched against script-src (or default-src) by 'self', scheme or host source, inline
    ones by their sha256 hash or 'unsafe-inline' (ignored by browsers when a hash is listed)."""
    csp = csp_directives(csp_header)
    allowed = csp.get("script-src", csp.get("default-src", []))
    page = httpx.URL(page_url)
    scripts = _Scripts()
    scripts.feed(html)
    problems = []
    for src in scripts.sources:
        url = page.join(src)
        if not any(_source_matches(source, url, page) for source in allowed):
            problems.append(f"script {url} is not allowed by script-src {' '.join(allowed)!r}")
    hashes = [source for source in allowed if source.startswith("'sha256-")]
    for text in scripts.inline:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        if f"'sha256-{digest}'" not in hashes and ("'unsafe-inline'" not in allowed or hashes):
            problems.append(f"an inline script ({text.strip()[:60]!r}...) is not allowed by "
                            f"script-src {' '.join(allowed)!r}")
    return problems


def expect(condition: object, message: str, response: httpx.Response | None = None) -> None:
    if not condition:
        if response is not None:
            message += f"\n    -> {describe(response)}"
        raise ContractError(message)


def describe(response: httpx.Response) -> str:
    body = response.text
    return (f"{response.request.method} {response.request.url.path}"
            f"{'?' + response.request.url.query.decode() if response.request.url.query else ''}"
            f" => {response.status_code} {body[:600]!r}")


def body_json(response: httpx.Response) -> Any:
    ctype = response.headers.get("content-type", "")
    expect("application/json" in ctype, f"expected a JSON response, got content-type {ctype!r}",
           response)
    try:
        return response.json()
    except ValueError as exc:
        raise ContractError(f"invalid JSON body: {exc}\n    -> {describe(response)}") from exc


def _walk_keys(value: Any, path: str = "$") -> list[str]:
    bad: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if not CAMEL.match(str(key)):
                bad.append(f"{path}.{key}")
            bad += _walk_keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            bad += _walk_keys(item, f"{path}[{index}]")
    return bad


def _has_stack(value: Any) -> bool:
    if isinstance(value, dict):
        return any(k.lower() == "stack" or _has_stack(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_stack(v) for v in value)
    return isinstance(value, str) and bool(re.search(r"\n\s+at \S+ \(", value))


def expect_error(response: httpx.Response, status: int | tuple[int, ...],
                 code: str | tuple[str, ...], what: str) -> dict[str, Any]:
    """The response is the error envelope with this status and code; returns ``error``."""
    statuses = status if isinstance(status, tuple) else (status,)
    codes = code if isinstance(code, tuple) else (code,)
    expect(response.status_code in statuses, f"{what}: expected HTTP {'/'.join(map(str, statuses))}",
           response)
    body = body_json(response)
    expect(isinstance(body, dict) and set(body) == {"error"},
           f"{what}: body must be exactly {{\"error\": {{...}}}}", response)
    error = body["error"]
    expect(isinstance(error, dict), f"{what}: error must be an object", response)
    expect(error.get("code") in codes, f"{what}: expected error.code in {codes}", response)
    expect(ERROR_STATUS.get(error["code"]) == response.status_code,
           f"{what}: code {error['code']} does not match HTTP {response.status_code}", response)
    missing = {"code", "message", "requestId", "timestamp"} - set(error)
    expect(not missing, f"{what}: error envelope lacks {sorted(missing)}", response)
    extra = set(error) - {"code", "message", "details", "requestId", "timestamp"}
    expect(not extra, f"{what}: error envelope has unexpected keys {sorted(extra)}", response)
    expect(isinstance(error["message"], str) and error["message"],
           f"{what}: error.message must be a non-empty string", response)
    expect(error["requestId"] == response.headers.get("x-request-id"),
           f"{what}: error.requestId must equal the X-Request-Id header", response)
    try:
        datetime.fromisoformat(str(error["timestamp"]).replace("Z", "+00:00"))
    except ValueError:
        raise ContractError(f"{what}: error.timestamp is not ISO-8601\n    -> {describe(response)}")
    expect(not _has_stack(body), f"{what}: error body leaks a stack trace", response)
    return error


@dataclass
class ProbeResult:
    failures: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    # The headers that sign a request in as the logged-in user (for schemathesis).
    auth_headers: dict[str, str] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)  # must never show up in the server's logs
    requests: int = 0
    auth_requests: int = 0

    def report(self) -> str:
        lines = [f"passed: {', '.join(self.passed) or '-'}"]
        lines += [f"FAILED {failure}" for failure in self.failures]
        return "\n".join(lines)


class Probe:
    """The REST contract: ``/api/v1/...`` routes answering the envelopes of docs/architecture.md."""

    AUTH_PREFIX = f"{API}/auth/"  # requests that count against AUTH_RATE_LIMIT_MAX
    AUTH_PATHS = ("register", "login", "refresh", "logout")  # under /api/v1/auth/
    PREFLIGHT_PATH = f"{API}/posts"  # a route a browser app calls with a JSON body
    JSON_POST_PATH = f"{API}/auth/login"  # a POST that takes a JSON body and no credentials
    SECTIONS = ("health", "request_id", "secure_headers", "cors", "errors", "register", "login",
                "me", "refresh", "logout", "openapi", "posts", "body_limit", "every_response")

    def __init__(self, base_url: str, *, allowed_origin: str, denied_origin: str,
                 ready_checks: tuple[str, ...] = ("database", "cache"),
                 timeout: float = 15) -> None:
        self.base = base_url.rstrip("/")
        self.ready_checks = ready_checks
        self.allowed_origin = allowed_origin
        self.denied_origin = denied_origin
        self.result = ProbeResult()
        self.header_problems: list[str] = []
        self.client = httpx.Client(base_url=self.base, timeout=timeout,
                                   event_hooks={"response": [self._every_response]})
        self.state: dict[str, Any] = {}

    # every response, whatever the section: request id, no HTML errors, camelCase JSON
    def _every_response(self, response: httpx.Response) -> None:
        response.read()
        self.result.requests += 1
        if response.request.url.path.startswith(self.AUTH_PREFIX):
            self.result.auth_requests += 1
        where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
        if not response.headers.get("x-request-id"):
            self.header_problems.append(f"{where}: no X-Request-Id header")
        if "x-powered-by" in response.headers:
            self.header_problems.append(f"{where}: X-Powered-By is present")
        ctype = response.headers.get("content-type", "")
        if "json" in ctype and (missing := api_header_problems(response)):  # +json types too
            self.header_problems.append(f"{where}: missing {', '.join(missing)}")
        if response.status_code >= 400 and "application/json" not in ctype:
            self.header_problems.append(f"{where}: error response is {ctype!r}, not JSON: "
                                        f"{response.text[:200]!r}")
        if "application/json" in ctype and not response.request.url.path.endswith("openapi.json"):
            try:
                body = response.json()
            except ValueError:
                self.header_problems.append(f"{where}: invalid JSON {response.text[:200]!r}")
                return
            bad = _walk_keys(body)
            if bad:
                self.header_problems.append(f"{where}: JSON keys not camelCase: {bad[:5]}")
            if response.status_code >= 400 and not self._is_error_body(response, body):
                self.header_problems.append(f"{where}: not the error envelope: "
                                            f"{response.text[:300]!r}")

    def _is_error_body(self, response: httpx.Response, body: Any) -> bool:
        error = body.get("error") if isinstance(body, dict) else None
        return (isinstance(error, dict) and set(body) == {"error"}
                and {"code", "message", "requestId", "timestamp"} <= set(error)
                and not _has_stack(body))

    def section(self, name: str, func: Callable[[], None]) -> None:
        try:
            func()
        except ContractError as exc:
            self.result.failures.append(f"[{name}] {exc}")
        except httpx.HTTPError as exc:
            self.result.failures.append(f"[{name}] HTTP error: {exc!r}")
        except (KeyError, TypeError, AttributeError, ValueError, IndexError) as exc:
            # a body of an unexpected shape
            self.result.failures.append(f"[{name}] unexpected response shape: {exc!r}")
        else:
            self.result.passed.append(name)

    def auth(self, token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"} if token else {}

    def account_paths(self) -> list[str]:
        """The sign-in choice's paths the OpenAPI document must list."""
        return [*(f"{API}/auth/{name}" for name in self.AUTH_PATHS), f"{API}/users/me"]

    # ------------------------------------------------------------------ sections

    def health(self) -> None:
        r = self.client.get("/health")
        expect(r.status_code == 200 and body_json(r) == {"status": "ok"},
               'GET /health must answer 200 {"status":"ok"} exactly', r)
        r = self.client.get("/ready")
        body = body_json(r)
        expect(r.status_code == 200, "GET /ready must answer 200", r)
        expect(body.get("status") == "ok", '/ready: status must be "ok"', r)
        expected = {name: "ok" for name in self.ready_checks}
        expect(body.get("checks") == expected, f"/ready: checks must be exactly {expected}", r)

    def request_id(self) -> None:
        sent = "probe-" + uuid.uuid4().hex[:12]
        r = self.client.get("/health", headers={"X-Request-Id": sent})
        expect(r.headers.get("x-request-id") == sent, "a sane X-Request-Id must be echoed", r)
        a = self.client.get("/health").headers.get("x-request-id")
        b = self.client.get("/health").headers.get("x-request-id")
        expect(a and b and a != b, f"generated request ids must differ per request ({a!r}, {b!r})")

    def secure_headers(self) -> None:
        for path in ("/health", f"{API}/no-such-route"):
            r = self.client.get(path)
            missing = api_header_problems(r)
            expect(not missing, f"GET {path}: missing {', '.join(missing)}", r)
            expect("strict-transport-security" in r.headers,
                   f"GET {path}: Strict-Transport-Security missing", r)
            csp = csp_directives(r.headers.get("content-security-policy", ""))
            expect(csp.get("default-src") == ["'none'"],
                   f"GET {path}: a JSON API's CSP loads nothing (default-src 'none')", r)
            expect("x-powered-by" not in r.headers, "X-Powered-By must not be sent", r)

    def cors(self) -> None:
        allowed = self.allowed_origin
        r = self.client.options(self.PREFLIGHT_PATH, headers={
            "Origin": allowed, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,authorization"})
        expect(r.status_code in (200, 204), "CORS preflight from the allowed origin must succeed", r)
        expect(r.headers.get("access-control-allow-origin") == allowed,
               f"preflight: Access-Control-Allow-Origin must be {allowed}", r)
        r = self.client.get("/health", headers={"Origin": allowed})
        expect(r.headers.get("access-control-allow-origin") == allowed,
               f"GET from {allowed}: Access-Control-Allow-Origin must be {allowed}", r)
        for origin in (self.denied_origin, None):
            r = self.client.get("/health", headers={"Origin": origin} if origin else {})
            leaked = [name for name in r.headers if name.lower().startswith("access-control-")]
            expect(not leaked, f"GET {'from ' + origin if origin else 'without an Origin'}: "
                   f"must carry no CORS headers (has {leaked})", r)

    def unknown_routes(self) -> None:
        r = self.client.get(f"{API}/no-such-route-{uuid.uuid4().hex[:6]}")
        expect_error(r, 404, "NOT_FOUND", "unknown route")
        r = self.client.get("/no-such-page.html", headers={"Accept": "text/html"})
        expect_error(r, 404, "NOT_FOUND", "unknown route asked for HTML")

    def errors(self) -> None:
        self.unknown_routes()
        r = self.client.put(f"{API}/posts")
        expect_error(r, 405, "METHOD_NOT_ALLOWED", "a known route asked with another method")
        allowed = {method.strip() for method in r.headers.get("allow", "").split(",")}
        expect({"GET", "HEAD", "POST"} <= allowed, "405: Allow must list GET, HEAD, POST", r)
        r = self.client.post(self.JSON_POST_PATH, content=b'{"email": "a@b.c", "password":',
                             headers={"Content-Type": "application/json"})
        expect_error(r, 400, "VALIDATION_ERROR", "malformed JSON")

    def register(self) -> None:
        email = f"probe-{uuid.uuid4().hex[:10]}@example.com"
        payload = {"email": email, "password": PASSWORD, "name": "Probe User"}
        r = self.client.post(f"{API}/auth/register", json=payload)
        expect(r.status_code == 201, "register must answer 201", r)
        user = body_json(r).get("data")
        expect(isinstance(user, dict) and set(user) == USER_KEYS,
               f"register: data must be a user with exactly {sorted(USER_KEYS)}", r)
        expect(user["email"] == email and user["role"] == "user",
               "register: email echoed and role \"user\"", r)
        self.state["user"] = user
        self.state["email"] = email
        self.result.secrets.append(PASSWORD)
        r = self.client.post(f"{API}/auth/register", json=payload)
        expect_error(r, 409, "CONFLICT", "duplicate register")
        r = self.client.post(f"{API}/auth/register", json={
            "email": f"x{uuid.uuid4().hex[:8]}@example.com", "password": "short", "name": "X"})
        error = expect_error(r, 400, "VALIDATION_ERROR", "password shorter than 8")
        expect(error.get("details"), "short password: error.details must say what is wrong", r)

    def _tokens(self, data: Any, what: str, response: httpx.Response) -> dict[str, Any]:
        """The token pair a login or refresh answered, checked; its secrets must never be logged."""
        expect(isinstance(data, dict) and TOKEN_KEYS <= set(data),
               f"{what}: data must carry {sorted(TOKEN_KEYS)}", response)
        expect(data["tokenType"] == "Bearer", f'{what}: tokenType must be "Bearer"', response)
        expect(isinstance(data["expiresIn"], int) and data["expiresIn"] == 900,
               f"{what}: expiresIn must be 900 (seconds; access tokens live 15 min)", response)
        self.result.secrets += [data["accessToken"], data["refreshToken"]]
        # What the sections hand ``auth()``: the access token, sent as a bearer token.
        return {**data, "credential": data["accessToken"]}

    def _log_in_the_registered_user(self) -> None:
        expect("email" in self.state, "needs the registered user")
        self.state["tokens"] = self._login(self.state["email"])
        self.result.auth_headers = self.auth(self.state["tokens"]["credential"])

    def _login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        r = self.client.post(f"{API}/auth/login", json={"email": email, "password": password})
        expect(r.status_code == 200, "login must answer 200", r)
        return self._tokens(body_json(r).get("data"), "login", r)

    def login(self) -> None:
        self._log_in_the_registered_user()
        wrong = self.client.post(f"{API}/auth/login",
                                 json={"email": self.state["email"], "password": PASSWORD + "x"})
        e1 = expect_error(wrong, 401, "UNAUTHORIZED", "login with a wrong password")
        unknown = self.client.post(f"{API}/auth/login", json={
            "email": f"nobody-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD})
        e2 = expect_error(unknown, 401, "UNAUTHORIZED", "login with an unknown email")
        expect((e1["code"], e1["message"]) == (e2["code"], e2["message"]),
               f"wrong password and unknown email must answer alike: {e1} vs {e2}")

    def me(self) -> None:
        expect("tokens" in self.state, "needs a logged-in user")
        r = self.client.get(f"{API}/users/me", headers=self.auth(self.state["tokens"]["credential"]))
        expect(r.status_code == 200, "GET /users/me with a token must answer 200", r)
        user = body_json(r).get("data")
        expect(user == self.state["user"], "GET /users/me must return the registered user", r)
        expect_error(self.client.get(f"{API}/users/me"), 401, "UNAUTHORIZED", "/users/me no token")
        expect_error(self.client.get(f"{API}/users/me", headers=self.auth("not.a.jwt")), 401,
                     "UNAUTHORIZED", "/users/me with a garbage token")

    def refresh(self) -> None:
        expect("email" in self.state, "needs the registered user")
        first = self._login(self.state["email"])
        r = self.client.post(f"{API}/auth/refresh", json={"refreshToken": first["refreshToken"]})
        expect(r.status_code == 200, "refresh must answer 200", r)
        second = self._tokens(body_json(r).get("data"), "refresh", r)
        expect(second["refreshToken"] != first["refreshToken"], "refresh must rotate the token", r)
        r = self.client.post(f"{API}/auth/refresh", json={"refreshToken": first["refreshToken"]})
        expect_error(r, 401, "UNAUTHORIZED", "reusing a rotated refresh token")
        r = self.client.post(f"{API}/auth/refresh", json={"refreshToken": second["refreshToken"]})
        expect_error(r, 401, "UNAUTHORIZED",
                     "the newest refresh token after a reuse (its family must be revoked)")

    def logout(self) -> None:
        expect("email" in self.state, "needs the registered user")
        tokens = self._login(self.state["email"])
        r = self.client.post(f"{API}/auth/logout", json={"refreshToken": tokens["refreshToken"]},
                             headers=self.auth(tokens["credential"]))
        expect(r.status_code == 204 and not r.content, "logout must answer 204 with no body", r)
        r = self.client.post(f"{API}/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
        expect_error(r, 401, "UNAUTHORIZED", "refresh after logout")

    def openapi(self) -> None:
        r = self.client.get(f"{API}/openapi.json")
        expect(r.status_code == 200, "GET /api/v1/openapi.json must answer 200", r)
        doc = body_json(r)
        expect(str(doc.get("openapi", "")).startswith("3.1"), "the document must be OpenAPI 3.1", r)
        servers = doc.get("servers") or []
        prefix = ""
        if servers and isinstance(servers[0], dict):
            prefix = httpx.URL(servers[0].get("url", "")).path.rstrip("/")
        paths = {prefix + p: ops for p, ops in (doc.get("paths") or {}).items()}
        wanted = [*self.account_paths(), f"{API}/posts"]
        missing = [p for p in wanted if p not in paths]
        item = [p for p in paths if re.fullmatch(rf"{API}/posts/\{{[^}}]+\}}", p)]
        expect(not missing and item, f"OpenAPI paths missing: {missing + ([] if item else [f'{API}/posts/{{id}}'])}"
               f" (has {sorted(paths)})")
        self.state["update_method"] = "patch" if "patch" in paths[item[0]] else "put"
        self.state["openapi"] = doc
        r = self.client.get("/docs", follow_redirects=True)
        expect(r.status_code == 200 and "text/html" in r.headers.get("content-type", ""),
               "GET /docs must answer 200 HTML", r)
        blocked = page_script_problems(r.text, r.headers.get("content-security-policy", ""),
                                       str(r.url))
        expect(not blocked, "GET /docs: its CSP blocks its own scripts: " + "; ".join(blocked), r)

    def _post_count(self, token: str) -> int:
        r = self.client.get(f"{API}/posts", params={"page": 1, "limit": 100},
                            headers=self.auth(token))
        expect(r.status_code == 200, "listing posts must answer 200", r)
        return body_json(r)["meta"]["total"]

    def posts(self) -> None:
        expect("tokens" in self.state, "needs a logged-in user")
        owner = self.state["tokens"]["credential"]
        other_email = f"probe-other-{uuid.uuid4().hex[:8]}@example.com"
        r = self.client.post(f"{API}/auth/register",
                             json={"email": other_email, "password": PASSWORD, "name": "Other"})
        expect(r.status_code == 201, "register a second user", r)
        other = self._login(other_email)["credential"]

        before = self._post_count(owner)  # primes the list cache
        payload = {"title": "Probe post", "content": "Written by the contract probe.",
                   "published": True}
        expect_error(self.client.post(f"{API}/posts", json=payload), 401, "UNAUTHORIZED",
                     "create a post without a token")
        r = self.client.post(f"{API}/posts", json=payload, headers=self.auth(owner))
        expect(r.status_code == 201, "create a post must answer 201", r)
        post = body_json(r).get("data")
        expect(isinstance(post, dict) and set(post) == POST_KEYS,
               f"created post must have exactly {sorted(POST_KEYS)}", r)
        expect(post["authorId"] == self.state["user"]["id"], "post.authorId must be the creator", r)
        expect(post["title"] == payload["title"] and post["published"] is True,
               "created post must echo its fields", r)
        pid = post["id"]

        r = self.client.get(f"{API}/posts", params={"page": 1, "limit": 2}, headers=self.auth(owner))
        expect(r.status_code == 200, "list posts must answer 200", r)
        body = body_json(r)
        expect(set(body) == {"data", "meta"} and isinstance(body["data"], list),
               'list must be {"data": [...], "meta": {...}}', r)
        meta = body["meta"]
        expect(set(meta) == META_KEYS and all(isinstance(meta[k], int) for k in META_KEYS),
               f"list meta must be integers {sorted(META_KEYS)}", r)
        expect(meta["page"] == 1 and meta["limit"] == 2 and len(body["data"]) <= 2,
               "list meta must echo page and limit", r)
        expect(meta["total"] == before + 1,
               f"list total must grow by one after a create (cache invalidated?): {before} -> "
               f"{meta['total']}", r)
        expect(meta["totalPages"] == -(-meta["total"] // 2), "totalPages = ceil(total/limit)", r)
        expect_error(self.client.get(f"{API}/posts", params={"limit": 1000},
                                     headers=self.auth(owner)),
                     400, "VALIDATION_ERROR", "list with limit=1000")

        r = self.client.get(f"{API}/posts/{pid}", headers=self.auth(owner))
        expect(r.status_code == 200 and body_json(r).get("data") == post, "get the post back", r)
        expect_error(self.client.get(f"{API}/posts/{uuid.uuid4()}", headers=self.auth(owner)),
                     404, "NOT_FOUND", "get an unknown post id")
        expect_error(self.client.get(f"{API}/posts/not-a-uuid", headers=self.auth(owner)),
                     (400, 404), ("VALIDATION_ERROR", "NOT_FOUND"), "get a malformed post id")

        update = getattr(self.client, self.state.get("update_method", "patch"))
        r = update(f"{API}/posts/{pid}", json={"title": "Hijacked"}, headers=self.auth(other))
        expect_error(r, 403, "FORBIDDEN", "update by another user")
        r = update(f"{API}/posts/{pid}", json={"title": "Probe post, edited"},
                   headers=self.auth(owner))
        expect(r.status_code == 200, "update by the owner must answer 200", r)
        updated = body_json(r).get("data") or {}
        expect(updated.get("title") == "Probe post, edited", "update must apply", r)
        r = self.client.get(f"{API}/posts/{pid}", headers=self.auth(owner))
        expect(body_json(r).get("data", {}).get("title") == "Probe post, edited",
               "get after update must see the new title (cache invalidated?)", r)

        expect_error(self.client.delete(f"{API}/posts/{pid}", headers=self.auth(other)),
                     403, "FORBIDDEN", "delete by another user")
        r = self.client.delete(f"{API}/posts/{pid}", headers=self.auth(owner))
        expect(r.status_code == 204 and not r.content, "delete by the owner must answer 204", r)
        expect_error(self.client.get(f"{API}/posts/{pid}", headers=self.auth(owner)),
                     404, "NOT_FOUND", "get after delete")
        expect(self._post_count(owner) == before, "list total must shrink back after the delete")

    def body_limit(self) -> None:
        token = (self.state.get("tokens") or {}).get("credential")
        big = json.dumps({"title": "big", "content": "x" * (2 * 1024 * 1024), "published": False})
        r = self.client.post(f"{API}/posts", content=big.encode(),
                             headers={"Content-Type": "application/json", **self.auth(token)})
        expect_error(r, 413, "PAYLOAD_TOO_LARGE", "a 2 MiB body")

    def every_response(self) -> None:
        expect(not self.header_problems, "\n    ".join(self.header_problems[:20]))

    def bad_login(self) -> httpx.Response:
        return self.client.post(f"{API}/auth/login", json={
            "email": "hammer@example.com", "password": "not-the-password"})

    def expect_failure(self, response: httpx.Response, status: int | tuple[int, ...],
                       code: str | tuple[str, ...], what: str) -> dict[str, Any]:
        return expect_error(response, status, code, what)


TRPC = f"{API}/trpc"
# tRPC's JSON-RPC error code for each code of the envelope (TRPC_ERROR_CODES_BY_KEY).
JSONRPC_CODE = {
    "VALIDATION_ERROR": -32600,
    "UNAUTHORIZED": -32001,
    "FORBIDDEN": -32003,
    "NOT_FOUND": -32004,
    "CONFLICT": -32009,
    "PAYLOAD_TOO_LARGE": -32013,
    "RATE_LIMITED": -32029,
    "INTERNAL_ERROR": -32603,
}
TRPC_DATA_KEYS = {"code", "httpStatus", "details", "path", "requestId", "timestamp"}


def expect_trpc_error(response: httpx.Response, status: int | tuple[int, ...],
                      code: str | tuple[str, ...], what: str,
                      *, request_id: bool = True) -> dict[str, Any]:
    """The response is tRPC's error shape carrying the envelope's fields in ``data``, with this
    status and code: ``{"error": {"message", "code": <JSON-RPC>, "data": {"code", "httpStatus",
    "details"?, "path"?, "requestId", "timestamp"}}}``; returns ``data``. ``request_id=False``
    for a request tRPC refuses before it builds a context (a batch)."""
    statuses = status if isinstance(status, tuple) else (status,)
    codes = code if isinstance(code, tuple) else (code,)
    expect(response.status_code in statuses, f"{what}: expected HTTP {'/'.join(map(str, statuses))}",
           response)
    body = body_json(response)
    expect(isinstance(body, dict) and set(body) == {"error"},
           f"{what}: body must be exactly {{\"error\": {{...}}}}", response)
    error = body["error"]
    expect(isinstance(error, dict) and set(error) == {"message", "code", "data"},
           f"{what}: error must be exactly {{message, code, data}} (tRPC's error shape)", response)
    expect(isinstance(error["message"], str) and error["message"],
           f"{what}: error.message must be a non-empty string", response)
    data = error["data"]
    expect(isinstance(data, dict), f"{what}: error.data must be an object", response)
    expect(data.get("code") in codes, f"{what}: expected error.data.code in {codes}", response)
    expect(ERROR_STATUS[data["code"]] == response.status_code == data.get("httpStatus"),
           f"{what}: data.code {data['code']}, data.httpStatus and HTTP {response.status_code} "
           f"must agree", response)
    expect(error["code"] == JSONRPC_CODE[data["code"]],
           f"{what}: error.code must be tRPC's JSON-RPC code {JSONRPC_CODE[data['code']]}",
           response)
    extra = set(data) - TRPC_DATA_KEYS
    expect(not extra, f"{what}: error.data has unexpected keys {sorted(extra)}", response)
    if request_id or "requestId" in data:
        expect(data.get("requestId") == response.headers.get("x-request-id"),
               f"{what}: error.data.requestId must equal the X-Request-Id header", response)
    try:
        datetime.fromisoformat(str(data.get("timestamp")).replace("Z", "+00:00"))
    except ValueError:
        raise ContractError(f"{what}: error.data.timestamp is not ISO-8601\n    -> "
                            f"{describe(response)}")
    expect(not _has_stack(body), f"{what}: error body leaks a stack trace", response)
    return data


def trpc_data(response: httpx.Response, what: str) -> Any:
    """The ``result.data`` of a successful call (absent for a procedure that returns nothing)."""
    expect(response.status_code == 200, f"{what}: expected HTTP 200", response)
    body = body_json(response)
    expect(isinstance(body, dict) and set(body) == {"result"} and isinstance(body["result"], dict)
           and set(body["result"]) <= {"data"},
           f'{what}: body must be {{"result": {{"data": ...}}}}', response)
    return body["result"].get("data")


class TrpcProbe(Probe):
    """The same operations through tRPC's HTTP protocol (v11, one call per request, no
    transformer): a query is ``GET /api/v1/trpc/<path>?input=<JSON>``, a mutation ``POST
    /api/v1/trpc/<path>`` with the JSON input as body; results are ``{"result": {"data": ...}}``
    and errors tRPC's error shape with the envelope's codes in ``data``. Health, headers, CORS,
    request ids and unknown routes are the plain HTTP checks of ``Probe``."""

    AUTH_PREFIX = f"{TRPC}/auth."
    PREFLIGHT_PATH = f"{TRPC}/posts.create"
    # A mutation that takes no credentials, and an input for it.
    OPEN_MUTATION = ("auth.login", {"email": "a@b.c", "password": "x"})
    SECTIONS = ("health", "request_id", "secure_headers", "cors", "errors", "register", "login",
                "me", "refresh", "logout", "posts", "body_limit", "every_response")

    def query(self, path: str, input: Any = None, token: str | None = None) -> httpx.Response:
        params = None if input is None else {"input": json.dumps(input)}
        return self.client.get(f"{TRPC}/{path}", params=params, headers=self.auth(token))

    def mutation(self, path: str, input: Any, token: str | None = None) -> httpx.Response:
        return self.client.post(f"{TRPC}/{path}", json=input, headers=self.auth(token))

    def _is_error_body(self, response: httpx.Response, body: Any) -> bool:
        if not response.request.url.path.startswith(f"{TRPC}/"):
            return super()._is_error_body(response, body)
        error = body.get("error") if isinstance(body, dict) else None
        data = error.get("data") if isinstance(error, dict) else None
        return (set(body) == {"error"} and isinstance(data, dict)
                and {"code", "httpStatus", "timestamp"} <= set(data) and not _has_stack(body))

    def expect_failure(self, response: httpx.Response, status: int | tuple[int, ...],
                       code: str | tuple[str, ...], what: str) -> dict[str, Any]:
        return expect_trpc_error(response, status, code, what)

    def bad_login(self) -> httpx.Response:
        return self.mutation("auth.login", {"email": "hammer@example.com",
                                            "password": "not-the-password"})

    def errors(self) -> None:
        self.unknown_routes()
        path, input = self.OPEN_MUTATION
        r = self.client.post(f"{TRPC}/{path}", content=b'{"email": "a@b.c", "password":',
                             headers={"Content-Type": "application/json"})
        expect_trpc_error(r, 400, "VALIDATION_ERROR", "malformed JSON")
        expect_trpc_error(self.query("posts.no-such-procedure"), 404, "NOT_FOUND",
                          "an unknown procedure")
        expect_trpc_error(self.query(path, input), 404, "NOT_FOUND",
                          "a mutation sent as a query (GET)")
        r = self.client.get(f"{TRPC}/posts.list,posts.list", params={"batch": "1", "input": "{}"})
        expect_trpc_error(r, 400, "VALIDATION_ERROR", "a batch (batching is off)",
                          request_id=False)

    def register(self) -> None:
        email = f"probe-{uuid.uuid4().hex[:10]}@example.com"
        payload = {"email": email, "password": PASSWORD, "name": "Probe User"}
        user = trpc_data(self.mutation("auth.register", payload), "auth.register")
        expect(isinstance(user, dict) and set(user) == USER_KEYS,
               f"auth.register: data must be a user with exactly {sorted(USER_KEYS)}, got {user}")
        expect(user["email"] == email and user["role"] == "user",
               f'auth.register: email echoed and role "user", got {user}')
        self.state["user"] = user
        self.state["email"] = email
        self.result.secrets.append(PASSWORD)
        expect_trpc_error(self.mutation("auth.register", payload), 409, "CONFLICT",
                          "duplicate auth.register")
        r = self.mutation("auth.register", {
            "email": f"x{uuid.uuid4().hex[:8]}@example.com", "password": "short", "name": "X"})
        data = expect_trpc_error(r, 400, "VALIDATION_ERROR", "password shorter than 8")
        expect(data.get("details"), "short password: error.data.details must say what is wrong",
               r)

    def _login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        r = self.mutation("auth.login", {"email": email, "password": password})
        return self._tokens(trpc_data(r, "auth.login"), "auth.login", r)

    def login(self) -> None:
        self._log_in_the_registered_user()
        wrong = self.mutation("auth.login",
                              {"email": self.state["email"], "password": PASSWORD + "x"})
        e1 = expect_trpc_error(wrong, 401, "UNAUTHORIZED", "auth.login with a wrong password")
        unknown = self.mutation("auth.login", {
            "email": f"nobody-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD})
        e2 = expect_trpc_error(unknown, 401, "UNAUTHORIZED", "auth.login with an unknown email")
        m1, m2 = wrong.json()["error"]["message"], unknown.json()["error"]["message"]
        expect((e1["code"], m1) == (e2["code"], m2),
               f"wrong password and unknown email must answer alike: {m1!r} vs {m2!r}")

    def me(self) -> None:
        expect("tokens" in self.state, "needs a logged-in user")
        r = self.query("users.me", token=self.state["tokens"]["credential"])
        expect(trpc_data(r, "users.me") == self.state["user"],
               "users.me must return the registered user", r)
        expect_trpc_error(self.query("users.me"), 401, "UNAUTHORIZED", "users.me without a token")
        expect_trpc_error(self.query("users.me", token="not.a.jwt"), 401, "UNAUTHORIZED",
                          "users.me with a garbage token")

    def refresh(self) -> None:
        expect("email" in self.state, "needs the registered user")
        first = self._login(self.state["email"])
        r = self.mutation("auth.refresh", {"refreshToken": first["refreshToken"]})
        second = self._tokens(trpc_data(r, "auth.refresh"), "auth.refresh", r)
        expect(second["refreshToken"] != first["refreshToken"],
               "auth.refresh must rotate the token", r)
        r = self.mutation("auth.refresh", {"refreshToken": first["refreshToken"]})
        expect_trpc_error(r, 401, "UNAUTHORIZED", "reusing a rotated refresh token")
        r = self.mutation("auth.refresh", {"refreshToken": second["refreshToken"]})
        expect_trpc_error(r, 401, "UNAUTHORIZED",
                          "the newest refresh token after a reuse (its family must be revoked)")

    def logout(self) -> None:
        expect("email" in self.state, "needs the registered user")
        tokens = self._login(self.state["email"])
        r = self.mutation("auth.logout", {"refreshToken": tokens["refreshToken"]},
                          token=tokens["credential"])
        expect(trpc_data(r, "auth.logout") is None, "auth.logout must return no data", r)
        r = self.mutation("auth.refresh", {"refreshToken": tokens["refreshToken"]})
        expect_trpc_error(r, 401, "UNAUTHORIZED", "auth.refresh after auth.logout")

    def _post_count(self, token: str) -> int:
        r = self.query("posts.list", {"page": 1, "limit": 100}, token)
        return trpc_data(r, "posts.list")["meta"]["total"]

    def posts(self) -> None:
        expect("tokens" in self.state, "needs a logged-in user")
        owner = self.state["tokens"]["credential"]
        other_email = f"probe-other-{uuid.uuid4().hex[:8]}@example.com"
        trpc_data(self.mutation("auth.register", {"email": other_email, "password": PASSWORD,
                                                  "name": "Other"}),
                  "auth.register a second user")
        other = self._login(other_email)["credential"]

        before = self._post_count(owner)  # primes the list cache
        payload = {"title": "Probe post", "content": "Written by the contract probe.",
                   "published": True}
        expect_trpc_error(self.mutation("posts.create", payload), 401, "UNAUTHORIZED",
                          "posts.create without a token")
        r = self.mutation("posts.create", payload, owner)
        post = trpc_data(r, "posts.create")
        expect(isinstance(post, dict) and set(post) == POST_KEYS,
               f"created post must have exactly {sorted(POST_KEYS)}", r)
        expect(post["authorId"] == self.state["user"]["id"], "post.authorId must be the creator", r)
        expect(post["title"] == payload["title"] and post["published"] is True,
               "created post must echo its fields", r)
        pid = post["id"]

        r = self.query("posts.list", {"page": 1, "limit": 2}, owner)
        page = trpc_data(r, "posts.list")
        expect(isinstance(page, dict) and set(page) == {"items", "meta"}
               and isinstance(page["items"], list),
               'posts.list must return {"items": [...], "meta": {...}}', r)
        meta = page["meta"]
        expect(set(meta) == META_KEYS and all(isinstance(meta[k], int) for k in META_KEYS),
               f"list meta must be integers {sorted(META_KEYS)}", r)
        expect(meta["page"] == 1 and meta["limit"] == 2 and len(page["items"]) <= 2,
               "list meta must echo page and limit", r)
        expect(meta["total"] == before + 1,
               f"list total must grow by one after a create (cache invalidated?): {before} -> "
               f"{meta['total']}", r)
        expect(meta["totalPages"] == -(-meta["total"] // 2), "totalPages = ceil(total/limit)", r)
        expect_trpc_error(self.query("posts.list", {"limit": 1000}, owner), 400,
                          "VALIDATION_ERROR", "posts.list with limit=1000")

        r = self.query("posts.get", {"id": pid}, owner)
        expect(trpc_data(r, "posts.get") == post, "get the post back", r)
        expect_trpc_error(self.query("posts.get", {"id": str(uuid.uuid4())}, owner), 404,
                          "NOT_FOUND", "posts.get with an unknown id")
        expect_trpc_error(self.query("posts.get", {"id": "not-a-uuid"}, owner), 400,
                          "VALIDATION_ERROR", "posts.get with a malformed id")

        r = self.mutation("posts.update", {"id": pid, "changes": {"title": "Hijacked"}}, other)
        expect_trpc_error(r, 403, "FORBIDDEN", "posts.update by another user")
        r = self.mutation("posts.update", {"id": pid, "changes": {"title": "Probe post, edited"}},
                          owner)
        updated = trpc_data(r, "posts.update by the owner") or {}
        expect(updated.get("title") == "Probe post, edited", "posts.update must apply", r)
        r = self.query("posts.get", {"id": pid}, owner)
        expect((trpc_data(r, "posts.get") or {}).get("title") == "Probe post, edited",
               "posts.get after posts.update must see the new title (cache invalidated?)", r)

        expect_trpc_error(self.mutation("posts.delete", {"id": pid}, other), 403, "FORBIDDEN",
                          "posts.delete by another user")
        r = self.mutation("posts.delete", {"id": pid}, owner)
        expect(trpc_data(r, "posts.delete by the owner") is None,
               "posts.delete must return no data", r)
        expect_trpc_error(self.query("posts.get", {"id": pid}, owner), 404, "NOT_FOUND",
                          "posts.get after posts.delete")
        expect(self._post_count(owner) == before, "list total must shrink back after the delete")

    def body_limit(self) -> None:
        token = (self.state.get("tokens") or {}).get("credential")
        big = json.dumps({"title": "big", "content": "x" * (2 * 1024 * 1024), "published": False})
        r = self.client.post(f"{TRPC}/posts.create", content=big.encode(),
                             headers={"Content-Type": "application/json", **self.auth(token)})
        expect_trpc_error(r, 413, "PAYLOAD_TOO_LARGE", "a 2 MiB body")


PROBES: dict[str, type[Probe]] = {"rest": Probe, "trpc": TrpcProbe}
# The probes of cookie sessions, by API style: tests/session_contract.py registers them.
SESSION_PROBES: dict[str, type[Probe]] = {}
# The probes of a service without sign-in, by API style: tests/open_contract.py registers them.
OPEN_PROBES: dict[str, type[Probe]] = {}
# The probes of each sign-in choice (``jwt`` is the default).
PROBES_BY_AUTH = {"jwt": PROBES, "session": SESSION_PROBES, "none": OPEN_PROBES}


def probe_contract(base_url: str, *, allowed_origin: str = "http://allowed.test",
                   denied_origin: str = "http://denied.test",
                   ready_checks: tuple[str, ...] = ("database", "cache"),
                   api_style: str = "rest", auth: str = "jwt") -> ProbeResult:
    """Everything in §3 except rate limiting; ``result.auth_headers`` sign in as a logged-in
    user. ``ready_checks`` names the dependencies /ready must report (the stack's database, and
    its cache unless it has none); ``api_style`` picks the protocol of the operations, ``auth``
    the credentials (``session``: tests/session_contract.py; ``none``, no sign-in:
    tests/open_contract.py)."""
    kind = PROBES_BY_AUTH[auth][api_style]
    probe = kind(base_url, allowed_origin=allowed_origin, denied_origin=denied_origin,
                 ready_checks=ready_checks)
    with probe.client:
        for name in kind.SECTIONS:
            probe.section(name, getattr(probe, name))
    return probe.result


def probe_rate_limit(base_url: str, auth_limit: int, api_style: str = "rest",
                     auth: str = "jwt") -> ProbeResult:
    """Hammer the login route past ``auth_limit``: 429 RATE_LIMITED, other routes unaffected."""
    kind = PROBES_BY_AUTH[auth][api_style]
    probe = kind(base_url, allowed_origin="", denied_origin="")

    def hammer() -> None:
        last = None
        for _ in range(2 * auth_limit + 2):  # a window may reset once while hammering
            last = probe.bad_login()
            if last.status_code == 429:
                break
        assert last is not None
        probe.expect_failure(last, 429, "RATE_LIMITED",
                             f"login hammered {2 * auth_limit + 2} times "
                             f"(AUTH_RATE_LIMIT_MAX={auth_limit})")
        r = probe.client.get("/health")
        expect(r.status_code == 200, "other routes must not be limited by the auth limit", r)

    with probe.client:
        probe.section("rate_limit", hammer)
        probe.section("every_response", probe.every_response)
    return probe.result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--origin", default="http://allowed.test", help="an allowed CORS origin")
    parser.add_argument("--auth-limit", type=int, default=0,
                        help="AUTH_RATE_LIMIT_MAX of the server; 0 skips the rate-limit probe")
    parser.add_argument("--api-style", choices=sorted(PROBES), default="rest")
    args = parser.parse_args(argv)
    result = probe_contract(args.base_url, allowed_origin=args.origin, api_style=args.api_style)
    print(result.report())
    failed = bool(result.failures)
    if args.auth_limit:
        limited = probe_rate_limit(args.base_url, args.auth_limit, args.api_style)
        print(limited.report())
        failed = failed or bool(limited.failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
