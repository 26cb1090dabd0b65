/**
 * What CORS must allow for cookie sessions: a page of a listed origin sends the session cookie
 * (`fetch(url, { credentials: 'include' })`) and echoes its CSRF token in X-CSRF-Token.
 */
export const authCors = { allowedHeaders: ['X-CSRF-Token'], credentials: true };
