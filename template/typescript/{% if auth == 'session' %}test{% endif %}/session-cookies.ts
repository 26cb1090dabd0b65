import { parseSetCookie, type SetCookie } from 'cookie';

/** A response's Set-Cookie headers, parsed, by cookie name. */
export function setCookiesOf(header: string | string[] | number | undefined) {
  const values = header === undefined ? [] : [header].flat().map(String);
  return new Map<string, SetCookie>(
    values.map((value) => {
      const cookie = parseSetCookie(value);
      return [cookie.name, cookie];
    }),
  );
}

/** What a browser sends back after a login: both cookies, and the CSRF token its page echoes. */
export function sessionHeaders(header: string | string[] | number | undefined) {
  const cookies = setCookiesOf(header);
  const session = cookies.get('__Host-session')?.value;
  const csrf = cookies.get('__Host-csrf')?.value;
  if (session === undefined || csrf === undefined) throw new Error('no session cookies set');
  return {
    cookie: `__Host-session=${session}; __Host-csrf=${csrf}`,
    'x-csrf-token': csrf,
  };
}
