/**
 * What CORS must allow for self-hosted JWT: the access token travels in the Authorization
 * header, never in a cookie, so browsers send no credentials.
 */
export const authCors = { allowedHeaders: ['Authorization'], credentials: false };
