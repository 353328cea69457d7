import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { conflictView } from '../../deconfliction/conflict-views.js';
import { OWNED_ID_PATTERN } from '../../deconfliction/declaration-schema.js';
import type { Hub } from '../../hub/hub.js';
import { type FieldProblem, problems } from '../../hub/problem.js';
import { maySeeConflict } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { NextPage, pageOf, pageParameters } from '../paging.js';
import { readTimeWindow, windowsMeet } from '../query-filters.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const Window = Type.Object({ start: Type.String(), end: Type.String() });
const Measures = {
  overlap: Type.Optional(
    Type.Union([Window, Type.Null()], {
      description: 'When both are there at once; null when apart in time but within the minimum.',
    }),
  ),
  horizontal_distance_m: Type.Optional(Type.Number()),
  vertical_gap_m: Type.Optional(Type.Number()),
  time_gap_s: Type.Optional(Type.Number()),
};

const ConflictViewSchema = Type.Object(
  {
    declarations: Type.Array(
      Type.Object({
        id: Type.String(),
        version: Type.Integer(),
        party: Type.String(),
        roster: Type.String({ description: 'Whom to call about it.' }),
        kind: Type.Optional(Type.String({ description: 'Only where the viewer may see the declaration.' })),
        title: Type.Optional(Type.String()),
      }),
      { description: 'The declaration that found the conflict, then the one it was found against.' },
    ),
    area: Type.Array(Type.Array(Type.Number()), { description: '0.25° cells: west, south, east, north.' }),
    hours: Type.Object({ from: Type.String(), until: Type.String() }),
    ...Measures,
    pairs: Type.Optional(
      Type.Array(
        Type.Object({
          volumes: Type.Array(Type.Integer(), { description: 'Positions of the two volumes.' }),
          ...Measures,
        }),
      ),
    ),
    minima: Type.Optional(
      Type.Object(
        { horizontal_m: Type.Number(), vertical_m: Type.Number(), time_s: Type.Number() },
        { description: 'The separation minima between the two parties today; told only to them.' },
      ),
    ),
    found_at: Type.String(),
    entry: Type.Integer({ description: 'Index of the conflicts.found entry.' }),
    current: Type.Boolean({ description: 'Whether both declarations are still live in these versions.' }),
  },
  {
    description:
      'The exact measures (overlap, distances, pairs) are present only for a party that may see both declarations.',
  },
);

export const conflictRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  app.get(
    '/v1/conflicts',
    {
      preHandler: requireSession(sessions),
      schema: {
        summary: 'Recorded conflicts the signed-in party is told of',
        description:
          'Those involving one of its declarations, and those between two declarations it may see, ' +
          'in the order they were recorded, a page at a time. `from`–`until` selects by the conflict’s hours.',
        tags: ['conflicts'],
        security: BEARER_SECURITY,
        querystring: Type.Object(
          {
            declaration: Type.Optional(
              Type.String({
                pattern: OWNED_ID_PATTERN,
                description: 'Only the conflicts of this declaration.',
              }),
            ),
            party: Type.Optional(
              Type.String({ maxLength: 40, description: 'Only conflicts with a declaration of this party.' }),
            ),
            from: Type.Optional(Type.String({ maxLength: 40, description: 'An RFC 3339 date-time.' })),
            until: Type.Optional(Type.String({ maxLength: 40, description: 'An RFC 3339 date-time.' })),
            status: Type.Optional(
              Type.Union([Type.Literal('current'), Type.Literal('all')], {
                description:
                  'current (default): both declarations still live in the versions named; all: every one recorded',
              }),
            ),
            ...pageParameters(500, 5000),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ conflicts: Type.Array(ConflictViewSchema), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const { query } = request;
      const viewer = sessionOperator(request).party;
      const errors: FieldProblem[] = [];
      const window = readTimeWindow(query, errors);
      if (window === null) throw problems.badRequest('the query is not valid', errors);
      return hub.read((state) => {
        const d = state.deconfliction;
        const recorded =
          query.declaration === undefined ? d.conflicts : d.conflictsOfDeclaration(query.declaration);
        const found = recorded.filter(
          (conflict) =>
            maySeeConflict(d, conflict, viewer) &&
            (query.party === undefined ||
              conflict.found.party === query.party ||
              conflict.against.party === query.party) &&
            windowsMeet(window, conflict.extent.from, conflict.extent.until) &&
            (query.status === 'all' || d.isCurrent(conflict)),
        );
        const page = pageOf(found, (conflict) => conflict.entry, query, {
          defaultLimit: 500,
          url: request.url,
        });
        return {
          // conflictView leaves these optional for a refused candidate; a recorded conflict has them.
          conflicts: page.items.map((conflict) => ({
            ...conflictView(d, conflict, viewer),
            found_at: conflict.time,
            entry: conflict.entry,
            current: d.isCurrent(conflict),
          })),
          ...(page.next ? { next: page.next } : {}),
        };
      });
    },
  );
};
