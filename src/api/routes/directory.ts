import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Hub } from '../../hub/hub.js';
import type { Operator } from '../../hub/state.js';
import { addressableDuties } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { byKey, NextPage, pageOf, pageParameters } from '../paging.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const OperatorSchema = Type.Object({
  id: Type.String(),
  party: Type.String(),
  name: Type.String(),
  role: Type.String(),
  keys: Type.Array(
    Type.Object({
      id: Type.String(),
      public_key: Type.String(),
      status: Type.String(),
      since: Type.String(),
      until: Type.Optional(Type.String()),
    }),
  ),
});

function operatorView(operator: Operator) {
  return {
    id: operator.id,
    party: operator.party,
    name: operator.name,
    role: operator.role,
    keys: operator.keys.map((key) => ({
      id: key.id,
      public_key: key.publicKey,
      status: key.status,
      since: key.since,
      ...(key.until ? { until: key.until } : {}),
    })),
  };
}

/** The directory of parties and operators' keys, shared with every party so anyone can check signatures. */
export const directoryRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  const common = { preHandler: requireSession(sessions) };
  const tags = ['directory'];

  app.get(
    '/v1/me',
    {
      ...common,
      schema: {
        summary: 'The signed-in operator',
        tags,
        security: BEARER_SECURITY,
        response: { 200: OperatorSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => operatorView(sessionOperator(request)),
  );

  app.get(
    '/v1/parties',
    {
      ...common,
      schema: {
        summary: 'Parties of this hub, by id, a page at a time',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(pageParameters(500, 1000), { additionalProperties: false }),
        response: {
          200: Type.Object({
            hub_party: Type.String(),
            parties: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                since: Type.String(),
                rosters: Type.Array(Type.String(), {
                  description:
                    'The duties of its rosters, to address a message to: who is on them stays its own.',
                }),
              }),
            ),
            next: NextPage,
          }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) =>
      hub.read((state) => {
        const id = (party: { id: string }) => party.id;
        const parties = [...state.parties.values()].sort(byKey(id));
        const page = pageOf(parties, id, request.query, { defaultLimit: 500, url: request.url });
        return {
          hub_party: state.identity?.party ?? '',
          parties: page.items.map((party) => ({ ...party, rosters: addressableDuties(state, party.id) })),
          ...(page.next ? { next: page.next } : {}),
        };
      }),
  );

  app.get(
    '/v1/operators',
    {
      ...common,
      schema: {
        summary: 'Operators and their keys, optionally of one party, by id, a page at a time',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(
          { party: Type.Optional(Type.String({ maxLength: 40 })), ...pageParameters(500, 1000) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ operators: Type.Array(OperatorSchema), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) =>
      hub.read((state) => {
        const id = (operator: { id: string }) => operator.id;
        const operators = [...state.operators.values()]
          .filter((operator) => request.query.party === undefined || operator.party === request.query.party)
          .sort(byKey(id));
        const page = pageOf(operators, id, request.query, { defaultLimit: 500, url: request.url });
        return { operators: page.items.map(operatorView), ...(page.next ? { next: page.next } : {}) };
      }),
  );
};
