// Each resource adds its types, queries and mutations to the builder when imported.
import '../app/api/auth/graphql.js';
import '../app/api/posts/graphql.js';
import '../app/api/users/graphql.js';
import { builder } from './builder.js';

export const schema = builder.toSchema();
