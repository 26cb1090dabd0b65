import type { Plugin } from 'graphql-yoga';

/** The Set-Cookie values resolvers add to each request's response, until Yoga answers it. */
const pending = new WeakMap<Request, string[]>();

/** The response cookies of this request, for the context to hand its resolvers. */
export function responseCookiesOf(request: Request): string[] {
  const cookies = pending.get(request) ?? [];
  pending.set(request, cookies);
  return cookies;
}

/** Sends the cookies resolvers set (a sign-in choice's session cookie) with the response. */
export function useResponseCookies(): Plugin {
  return {
    onResponse({ request, response }) {
      for (const cookie of pending.get(request) ?? [])
        response.headers.append('set-cookie', cookie);
    },
  };
}
