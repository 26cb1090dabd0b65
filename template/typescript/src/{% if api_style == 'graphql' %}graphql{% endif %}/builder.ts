import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
import type { Principal } from '../types/domain.js';
import type { GraphQLContext } from './context.js';

/**
 * The code-first schema builder (Pothos): types and resolvers are plain TypeScript checked
 * against the domain types, with no generated code to keep in sync.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  AuthScopes: {
    authenticated: boolean;
    admin: boolean;
    /** The caller is the user with this id. */
    self: string;
  };
  AuthContexts: {
    authenticated: GraphQLContext & { authentication: { principal: Principal } };
  };
  Scalars: {
    DateTime: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  DefaultEdgesNullability: { list: false; items: false };
}>({
  // Scope auth first, so no other plugin's resolver wrapper runs before a check.
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authScopes: ({ authentication: { principal } }) => ({
      authenticated: principal !== null,
      admin: principal?.role === 'admin',
      self: (userId) => principal?.userId === userId,
    }),
    unauthorizedError: (_parent, { authentication }) =>
      authentication.principal === null
        ? new UnauthorizedError(authentication.reason)
        : new ForbiddenError(),
  },
  relay: {
    // Connections hold no null edges (nodes are non-null by the default above).
    edgesFieldOptions: { nullable: { list: false, items: false } },
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO 8601 timestamp with a time zone, e.g. 2025-01-31T12:00:00.000Z.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      // A GraphQLError: graphql-js reports it as a client error naming the variable.
      throw new GraphQLError('DateTime must be an ISO 8601 string');
    }
    return value;
  },
});

builder.queryType({});
builder.mutationType({});
