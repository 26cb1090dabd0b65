"""The contract of cookie sessions (``auth=session``), in each API style's protocol.

The sections are those of ``contract.Probe`` and its tRPC and GraphQL variants, with the
credential a session cookie instead of a bearer token: ``login`` must answer the user and set an
HttpOnly, Secure, SameSite=Lax ``__Host-session`` cookie and a readable ``__Host-csrf`` cookie;
every request the sections sign in sends both, and the CSRF token in ``X-CSRF-Token`` as a
browser page would. ``refresh`` (JWT's) gives way to ``csrf``: an unsafe request that carries
the cookie is refused (403) without the token, with another session's token, or from a foreign
Origin, and a login from a foreign Origin is refused too. ``logout`` must end the session.

Importing this module registers the three probes in ``contract.SESSION_PROBES``.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from http.cookies import SimpleCookie
from typing import Any

import httpx

from contract import (API, PASSWORD, SESSION_PROBES, USER_KEYS, Probe, TrpcProbe, body_json,
                      expect, trpc_data)
from graphql_contract import USER_FIELDS, GraphQLProbe, expect_graphql_error, graphql_data

# The app runs with NODE_ENV=production: the cookies carry the `__Host-` prefix.
SESSION_COOKIE = "__Host-session"
CSRF_COOKIE = "__Host-csrf"
FOREIGN_ORIGIN = "https://evil.example"


def csrf_token_of(session_token: str) -> str:
    """The CSRF token the app derives from a session token (src/lib/auth/sessions.ts)."""
    digest = hashlib.sha256(f"csrf:{session_token}".encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def session_cookies(response: httpx.Response, what: str) -> dict[str, Any]:
    """The session and CSRF cookies a response sets, their attributes checked."""
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    expect(SESSION_COOKIE in jar and CSRF_COOKIE in jar,
           f"{what}: must set the {SESSION_COOKIE} and {CSRF_COOKIE} cookies", response)
    session, csrf = jar[SESSION_COOKIE], jar[CSRF_COOKIE]
    for cookie in (session, csrf):
        expect(cookie["secure"] and cookie["samesite"].lower() == "lax" and cookie["path"] == "/"
               and not cookie["domain"],
               f"{what}: {cookie.key} must be Secure, SameSite=Lax, Path=/ and host-only", response)
    expect(session["httponly"], f"{what}: {SESSION_COOKIE} must be HttpOnly", response)
    expect(not csrf["httponly"], f"{what}: {CSRF_COOKIE} is for the page's script to read: "
           "not HttpOnly", response)
    return {"credential": (session.value, csrf.value)}


class SessionCredentials:
    """What cookie sessions change in a probe; the API style's own class says how to call."""

    SECTIONS_REPLACED = {"refresh": "csrf"}
    state: dict[str, Any]
    result: Any

    @classmethod
    def sections(cls, sections: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(cls.SECTIONS_REPLACED.get(name, name) for name in sections)

    def auth(self, credential: Any) -> dict[str, str]:
        if not credential:
            return {}
        # A garbage credential is an unknown session, with the CSRF token a page would hold
        # for it: the request is then refused for its session, not for a missing token.
        session, csrf = (credential, csrf_token_of(credential)) if isinstance(credential, str) \
            else credential
        return {"Cookie": f"{SESSION_COOKIE}={session}; {CSRF_COOKIE}={csrf}",
                "X-CSRF-Token": csrf}

    # How this API style calls the operations the session sections need; the failure check
    # (`expect_failure`) is the API style's own.
    def login_request(self, email: str, password: str,
                      headers: dict[str, str] | None = None) -> httpx.Response:
        raise NotImplementedError

    def logged_in_user(self, response: httpx.Response) -> Any:
        raise NotImplementedError

    def logout_request(self, credential: Any) -> httpx.Response:
        raise NotImplementedError

    def me_request(self, credential: Any) -> httpx.Response:
        raise NotImplementedError

    def create_post_request(self, headers: dict[str, str]) -> httpx.Response:
        raise NotImplementedError

    def _login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        r = self.login_request(email, password)
        user = self.logged_in_user(r)
        expect(isinstance(user, dict) and set(user) == USER_KEYS and user["email"] == email,
               f"login must answer the user with exactly {sorted(USER_KEYS)}", r)
        expect(r.status_code == 200, "login must answer 200", r)
        session = session_cookies(r, "login")
        expect(session["credential"][1] == csrf_token_of(session["credential"][0]),
               "login: the CSRF cookie must be the session's own token", r)
        self.result.secrets += list(session["credential"])
        return session

    def csrf(self) -> None:
        expect("tokens" in self.state, "needs a logged-in user")
        session, csrf = self.state["tokens"]["credential"]
        other = self._login(self.state["email"])["credential"]
        cookie = {"Cookie": f"{SESSION_COOKIE}={session}; {CSRF_COOKIE}={csrf}"}
        self.expect_failure(self.create_post_request(cookie), 403, "FORBIDDEN",
                            "an unsafe request with the session cookie and no CSRF token")
        self.expect_failure(self.create_post_request({**cookie, "X-CSRF-Token": other[1]}), 403,
                            "FORBIDDEN", "an unsafe request with another session's CSRF token")
        foreign = {**self.auth((session, csrf)), "Origin": FOREIGN_ORIGIN}
        self.expect_failure(self.create_post_request(foreign), 403, "FORBIDDEN",
                            "an unsafe request from a foreign Origin")
        self.expect_failure(self.login_request(self.state["email"], PASSWORD,
                                               {"Origin": FOREIGN_ORIGIN}),
                            403, "FORBIDDEN", "a login from a foreign Origin")

    def logout(self) -> None:
        expect("email" in self.state, "needs the registered user")
        credential = self._login(self.state["email"])["credential"]
        expect(self.logged_in_user(self.me_request(credential)) == self.state["user"],
               "the new session signs in")
        r = self.logout_request(credential)
        expect(r.status_code in (200, 204), "logout must succeed", r)
        cleared = {h.split("=", 1)[0] for h in r.headers.get_list("set-cookie")
                   if "Max-Age=0" in h}
        expect({SESSION_COOKIE, CSRF_COOKIE} <= cleared, "logout must clear both cookies", r)
        self.expect_failure(self.me_request(credential), 401, "UNAUTHORIZED",
                            "the session's cookie after logout")

    def bad_login(self) -> httpx.Response:
        # A fresh email each time: the per-client limit is what is hammered, not the lock of
        # one account after 10 failures.
        return self.login_request(f"hammer-{uuid.uuid4().hex[:10]}@example.com",
                                  "not-the-password")


class RestSessionProbe(SessionCredentials, Probe):
    SECTIONS = SessionCredentials.sections(Probe.SECTIONS)
    AUTH_PATHS = ("register", "login", "logout", "password")

    def login_request(self, email: str, password: str,
                      headers: dict[str, str] | None = None) -> httpx.Response:
        return self.client.post(f"{API}/auth/login", json={"email": email, "password": password},
                                headers=headers or {})

    def logged_in_user(self, response: httpx.Response) -> Any:
        return body_json(response).get("data")

    def logout_request(self, credential: Any) -> httpx.Response:
        return self.client.post(f"{API}/auth/logout", headers=self.auth(credential))

    def me_request(self, credential: Any) -> httpx.Response:
        return self.client.get(f"{API}/users/me", headers=self.auth(credential))

    def create_post_request(self, headers: dict[str, str]) -> httpx.Response:
        return self.client.post(f"{API}/posts", json={"title": "CSRF", "content": "x"},
                                headers=headers)


class TrpcSessionProbe(SessionCredentials, TrpcProbe):
    SECTIONS = SessionCredentials.sections(TrpcProbe.SECTIONS)

    def login_request(self, email: str, password: str,
                      headers: dict[str, str] | None = None) -> httpx.Response:
        return self.client.post("/api/v1/trpc/auth.login",
                                json={"email": email, "password": password}, headers=headers or {})

    def logged_in_user(self, response: httpx.Response) -> Any:
        return trpc_data(response, "auth.login")

    def logout_request(self, credential: Any) -> httpx.Response:
        return self.mutation("auth.logout", {}, credential)

    def me_request(self, credential: Any) -> httpx.Response:
        return self.query("users.me", token=credential)

    def create_post_request(self, headers: dict[str, str]) -> httpx.Response:
        return self.client.post("/api/v1/trpc/posts.create",
                                json={"title": "CSRF", "content": "x"}, headers=headers)


class GraphQLSessionProbe(SessionCredentials, GraphQLProbe):
    SECTIONS = SessionCredentials.sections(GraphQLProbe.SECTIONS)
    LOGIN = f"mutation($i: LoginInput!) {{ login(input: $i) {{ {USER_FIELDS} }} }}"

    def login_request(self, email: str, password: str,
                      headers: dict[str, str] | None = None) -> httpx.Response:
        self.result.auth_requests += 1
        return self.client.post("/api/v1/graphql", headers=headers or {}, json={
            "query": self.LOGIN, "variables": {"i": {"email": email, "password": password}}})

    def logged_in_user(self, response: httpx.Response) -> Any:
        data = graphql_data(response, "login")
        return data.get("login", data.get("me"))

    def logout_request(self, credential: Any) -> httpx.Response:
        return self.op("mutation { logout }", token=credential)

    def me_request(self, credential: Any) -> httpx.Response:
        return self.op(f"{{ me {{ {USER_FIELDS} }} }}", token=credential)

    def create_post_request(self, headers: dict[str, str]) -> httpx.Response:
        return self.client.post("/api/v1/graphql", headers=headers, json={
            "query": 'mutation { createPost(input: { title: "CSRF", content: "x" }) { id } }'})

    def login(self) -> None:
        """As GraphQLProbe's, with the session's login selection (a user, not a token pair)."""
        self._log_in_the_registered_user()
        wrong = self.login_request(self.state["email"], PASSWORD + "x")
        unknown = self.login_request(f"nobody-{uuid.uuid4().hex[:8]}@example.com", PASSWORD)
        e1 = expect_graphql_error(wrong, "UNAUTHORIZED", "login with a wrong password")
        e2 = expect_graphql_error(unknown, "UNAUTHORIZED", "login with an unknown email")
        alike = [(e["extensions"]["code"], e["message"]) for e in (e1, e2)]
        expect(alike[0] == alike[1],
               f"wrong password and unknown email must answer alike: {e1} vs {e2}")


SESSION_PROBES.update({"rest": RestSessionProbe, "trpc": TrpcSessionProbe,
                       "graphql": GraphQLSessionProbe})
