"""The contract of a service without sign-in (``auth=none``), in each API style's protocol.

The sections are those of ``contract.Probe`` and its tRPC and GraphQL variants without the
account ones (register, login, me, refresh, logout). ``no_sign_in`` checks that no sign-in
route is there and that headers claiming an identity change nothing; ``posts`` that any caller
may create, change and delete a post, which has no author; ``openapi`` (REST) that the document
declares no way to authenticate.

Importing this module registers the three probes in ``contract.OPEN_PROBES``.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from contract import (API, META_KEYS, OPEN_PROBES, POST_KEYS, TRPC, Probe, TrpcProbe, body_json,
                      expect, expect_error, expect_trpc_error, trpc_data)
from graphql_contract import (GRAPHQL, GraphQLProbe, expect_graphql_error, graphql_data)

ACCOUNT_SECTIONS = ("register", "login", "me", "refresh", "logout")
OPEN_POST_KEYS = POST_KEYS - {"authorId"}
OPEN_POST_FIELDS = " ".join(sorted(OPEN_POST_KEYS))
# Headers a gateway might set, or an attacker might send: nothing here may trust them.
CLAIMED_IDENTITY = {"X-User-Id": str(uuid.uuid4()), "X-User-Role": "admin",
                    "X-Forwarded-User": "admin", "X-Authenticated-Userid": "admin"}
PAYLOAD = {"title": "Probe post", "content": "Written by the contract probe.", "published": True}


class NoSignIn:
    """What no sign-in changes in a probe; the API style's own class says how to call."""

    state: dict[str, Any]

    @classmethod
    def sections(cls, sections: tuple[str, ...]) -> tuple[str, ...]:
        kept = [name for name in sections if name not in ACCOUNT_SECTIONS]
        return (*kept[:kept.index("posts")], "no_sign_in", *kept[kept.index("posts"):])

    def auth(self, credential: Any) -> dict[str, str]:
        return {}

    def bad_login(self) -> httpx.Response:
        raise NotImplementedError("no sign-in: there is no login to hammer")


class RestOpenProbe(NoSignIn, Probe):
    SECTIONS = NoSignIn.sections(Probe.SECTIONS)
    JSON_POST_PATH = f"{API}/posts"

    def account_paths(self) -> list[str]:
        return []

    def openapi(self) -> None:
        super().openapi()
        doc = self.state["openapi"]
        paths = sorted(doc.get("paths") or {})
        expect(all(path.startswith(f"{API}/posts") for path in paths),
               f"OpenAPI: no sign-in, so only the posts paths (has {paths})")
        schemes = (doc.get("components") or {}).get("securitySchemes") or {}
        expect(not schemes, f"OpenAPI: no sign-in, so no security scheme (has {sorted(schemes)})")
        guarded = [f"{method.upper()} {path}" for path, item in (doc.get("paths") or {}).items()
                   for method, operation in item.items()
                   if any(operation.get("security") or [{}])]
        expect(not guarded, f"OpenAPI: every operation takes no credentials (not {guarded})")

    def no_sign_in(self) -> None:
        for path in ("auth/register", "auth/login", "auth/logout"):
            expect_error(self.client.post(f"{API}/{path}", json={}), 404, "NOT_FOUND",
                         f"POST {API}/{path} (no sign-in)")
        expect_error(self.client.get(f"{API}/users/me", headers=CLAIMED_IDENTITY), 404,
                     "NOT_FOUND", f"GET {API}/users/me (no sign-in)")
        r = self.client.post(f"{API}/posts", json=PAYLOAD, headers=CLAIMED_IDENTITY)
        expect(r.status_code == 201, "create a post with identity headers must answer 201", r)
        post = body_json(r).get("data")
        expect(set(post) == OPEN_POST_KEYS,
               f"a post has exactly {sorted(OPEN_POST_KEYS)}, whatever headers came with it", r)
        r = self.client.delete(f"{API}/posts/{post['id']}")
        expect(r.status_code == 204, "delete it", r)

    def posts(self) -> None:
        before = self._post_count("")  # primes the list cache
        r = self.client.post(f"{API}/posts", json=PAYLOAD)
        expect(r.status_code == 201, "create a post without credentials must answer 201", r)
        post = body_json(r).get("data")
        expect(isinstance(post, dict) and set(post) == OPEN_POST_KEYS,
               f"created post must have exactly {sorted(OPEN_POST_KEYS)}", r)
        expect(post["title"] == PAYLOAD["title"] and post["published"] is True,
               "created post must echo its fields", r)
        pid = post["id"]

        r = self.client.get(f"{API}/posts", params={"page": 1, "limit": 2})
        body = body_json(r)
        expect(r.status_code == 200 and set(body) == {"data", "meta"}
               and set(body["meta"]) == META_KEYS, 'list must be {"data": [...], "meta": {...}}',
               r)
        expect(body["meta"]["total"] == before + 1,
               f"list total must grow by one after a create (cache invalidated?): {before} -> "
               f"{body['meta']['total']}", r)
        r = self.client.get(f"{API}/posts/{pid}")
        expect(r.status_code == 200 and body_json(r).get("data") == post, "get the post back", r)
        expect_error(self.client.get(f"{API}/posts/{uuid.uuid4()}"), 404, "NOT_FOUND",
                     "get an unknown post id")

        update = getattr(self.client, self.state.get("update_method", "patch"))
        r = update(f"{API}/posts/{pid}", json={"title": "Probe post, edited"})
        expect(r.status_code == 200 and body_json(r)["data"]["title"] == "Probe post, edited",
               "update by any caller must answer 200 and apply", r)
        r = self.client.get(f"{API}/posts/{pid}")
        expect(body_json(r)["data"]["title"] == "Probe post, edited",
               "get after update must see the new title (cache invalidated?)", r)
        r = self.client.delete(f"{API}/posts/{pid}")
        expect(r.status_code == 204 and not r.content, "delete by any caller must answer 204", r)
        expect_error(self.client.get(f"{API}/posts/{pid}"), 404, "NOT_FOUND", "get after delete")
        expect_error(self.client.delete(f"{API}/posts/{pid}"), 404, "NOT_FOUND",
                     "delete a deleted post")
        expect(self._post_count("") == before, "list total must shrink back after the delete")


class TrpcOpenProbe(NoSignIn, TrpcProbe):
    SECTIONS = NoSignIn.sections(TrpcProbe.SECTIONS)
    OPEN_MUTATION = ("posts.create", PAYLOAD)

    def no_sign_in(self) -> None:
        for path in ("auth.register", "auth.login", "auth.logout"):
            expect_trpc_error(self.mutation(path, {}), 404, "NOT_FOUND", f"{path} (no sign-in)")
        r = self.client.get(f"{TRPC}/users.me", headers=CLAIMED_IDENTITY)
        expect_trpc_error(r, 404, "NOT_FOUND", "users.me (no sign-in)")
        r = self.client.post(f"{TRPC}/posts.create", json=PAYLOAD, headers=CLAIMED_IDENTITY)
        post = trpc_data(r, "posts.create with identity headers")
        expect(set(post) == OPEN_POST_KEYS,
               f"a post has exactly {sorted(OPEN_POST_KEYS)}, whatever headers came with it", r)
        trpc_data(self.mutation("posts.delete", {"id": post["id"]}), "posts.delete")

    def posts(self) -> None:
        before = self._post_count("")  # primes the list cache
        r = self.mutation("posts.create", PAYLOAD)
        post = trpc_data(r, "posts.create without credentials")
        expect(isinstance(post, dict) and set(post) == OPEN_POST_KEYS,
               f"created post must have exactly {sorted(OPEN_POST_KEYS)}", r)
        pid = post["id"]
        page = trpc_data(self.query("posts.list", {"page": 1, "limit": 2}), "posts.list")
        expect(set(page) == {"items", "meta"} and set(page["meta"]) == META_KEYS
               and page["meta"]["total"] == before + 1,
               f"posts.list: its total must grow by one after a create, got {page['meta']}")
        expect(trpc_data(self.query("posts.get", {"id": pid}), "posts.get") == post,
               "get the post back")
        expect_trpc_error(self.query("posts.get", {"id": str(uuid.uuid4())}), 404, "NOT_FOUND",
                          "posts.get with an unknown id")

        r = self.mutation("posts.update", {"id": pid, "changes": {"title": "Probe post, edited"}})
        expect((trpc_data(r, "posts.update by any caller") or {}).get("title")
               == "Probe post, edited", "posts.update must apply", r)
        r = self.query("posts.get", {"id": pid})
        expect(trpc_data(r, "posts.get")["title"] == "Probe post, edited",
               "posts.get after posts.update must see the new title (cache invalidated?)", r)
        r = self.mutation("posts.delete", {"id": pid})
        expect(trpc_data(r, "posts.delete by any caller") is None,
               "posts.delete must return no data", r)
        expect_trpc_error(self.query("posts.get", {"id": pid}), 404, "NOT_FOUND",
                          "posts.get after posts.delete")
        expect_trpc_error(self.mutation("posts.delete", {"id": pid}), 404, "NOT_FOUND",
                          "posts.delete of a deleted post")
        expect(self._post_count("") == before, "list total must shrink back after the delete")


class GraphQLOpenProbe(NoSignIn, GraphQLProbe):
    SECTIONS = NoSignIn.sections(GraphQLProbe.SECTIONS)
    # Without authors a page costs less: three of the largest go past the limit.
    LARGEST_PAGE = (f"posts(first: 100) {{ edges {{ cursor node {{ {OPEN_POST_FIELDS} }} }} "
                    "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }")
    PAGES_OVER_THE_COST = 3
    CREATE = f"mutation($i: CreatePostInput!) {{ createPost(input: $i) {{ {OPEN_POST_FIELDS} }} }}"
    GET = f"query($id: ID!) {{ post(id: $id) {{ {OPEN_POST_FIELDS} }} }}"
    DELETE = "mutation($id: ID!) { deletePost(id: $id) }"
    A_MUTATION = f'mutation {{ deletePost(id: "{uuid.uuid4()}") }}'

    def no_sign_in(self) -> None:
        for query in ("{ me { id } }", 'mutation { login(input: { email: "a@b.c", password: '
                      '"a-password" }) { __typename } }', f"{{ post(id: \"{uuid.uuid4()}\") "
                      "{ author { id } } }"):
            expect_graphql_error(self.op(query), "VALIDATION_ERROR",
                                 f"{query[:40]}... (no sign-in: no such field)", data=False)
        r = self.client.post(GRAPHQL, json={"query": self.CREATE, "variables": {"i": PAYLOAD}},
                             headers=CLAIMED_IDENTITY)
        post = graphql_data(r, "createPost with identity headers")["createPost"]
        expect(set(post) == OPEN_POST_KEYS,
               f"a post has exactly {sorted(OPEN_POST_KEYS)}, whatever headers came with it", r)
        graphql_data(self.op(self.DELETE, {"id": post["id"]}), "deletePost")

    def posts(self) -> None:
        r = self.op(self.CREATE, {"i": PAYLOAD})
        post = graphql_data(r, "createPost without credentials")["createPost"]
        expect(set(post) == OPEN_POST_KEYS,
               f"created post must have exactly {sorted(OPEN_POST_KEYS)}", r)
        pid = post["id"]
        graphql_data(self.op(self.CREATE, {"i": PAYLOAD}), "createPost, a second one")
        first = self._page("", 1)
        expect(len(first["edges"]) == 1 and first["pageInfo"]["hasNextPage"] is True,
               f"posts(first: 1): one edge and a next page, got {first}")
        after = self._page("", 1, first["pageInfo"]["endCursor"])
        expect([edge["node"]["id"] for edge in after["edges"]] != [first["edges"][0]["node"]["id"]],
               f"posts(first: 1, after: endCursor) must be the next post, got {after}")
        expect(graphql_data(self.op(self.GET, {"id": pid}), "post")["post"] == post,
               "get the post back")
        expect_graphql_error(self.op(self.GET, {"id": str(uuid.uuid4())}), "NOT_FOUND",
                             "post with an unknown id", data=True)

        update = ("mutation($id: ID!, $i: UpdatePostInput!) { updatePost(id: $id, input: $i) "
                  "{ id title } }")
        r = self.op(update, {"id": pid, "i": {"title": "Probe post, edited"}})
        expect(graphql_data(r, "updatePost by any caller")["updatePost"]["title"]
               == "Probe post, edited", "updatePost must apply", r)
        r = self.op(self.GET, {"id": pid})
        expect(graphql_data(r, "post after update")["post"]["title"] == "Probe post, edited",
               "post after updatePost must show the new title (cache invalidated?)", r)
        r = self.op(self.DELETE, {"id": pid})
        expect(graphql_data(r, "deletePost by any caller") == {"deletePost": pid},
               "deletePost must answer the deleted id", r)
        expect_graphql_error(self.op(self.GET, {"id": pid}), "NOT_FOUND", "post after delete")
        expect_graphql_error(self.op(self.DELETE, {"id": pid}), "NOT_FOUND",
                             "deletePost of a deleted post")


OPEN_PROBES.update(rest=RestOpenProbe, trpc=TrpcOpenProbe, graphql=GraphQLOpenProbe)
