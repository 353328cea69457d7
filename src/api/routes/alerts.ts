import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Rfc3339 } from '../../hub/commands/fields.js';
import { AlertContent } from '../../hub/commands/track-alerts.js';
import type { Hub } from '../../hub/hub.js';
import { alertsOf } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { NextPage, pageOf, pageParameters } from '../paging.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

/** An alert as the party was told of it, the entry that told it, and its end once over. */
const Alert = Type.Composite(
  [
    AlertContent,
    Type.Object({
      entry: Type.Integer({ description: 'The entry that told the party of it.' }),
      ended: Type.Union([
        Type.Null(),
        Type.Object({ time: Rfc3339, reason: Type.String(), entry: Type.Integer() }),
      ]),
    }),
  ],
  { $id: 'Alert' },
);

/** The tactical watch's alerts, to the parties involved in each, each as that party was told of it. */
export const alertRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  app.get(
    '/v1/alerts',
    {
      preHandler: requireSession(sessions),
      schema: {
        summary: 'Alerts the signed-in party is involved in, newest first',
        description:
          '`status=open` for those not yet over, `ended` for those that are. Each as the party was told ' +
          'of it: `tracks` it may see as reported; of a track it may not see (`unseen_tracks`) and a ' +
          'declaration it may not see, whose it is, the roster to call and a rounded bearing and ' +
          'distance from its own track or place to the one-arc-minute cell it is in. A page at a time.',
        tags: ['watch'],
        security: BEARER_SECURITY,
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal('open'), Type.Literal('ended'), Type.Literal('all')]),
            ),
            ...pageParameters(200, 1000),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ alerts: Type.Array(Alert), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const { status = 'all' } = request.query;
      return hub.read((state) => {
        const found = alertsOf(state, party)
          .filter((recorded) => status === 'all' || (status === 'open') === (recorded.ended === null))
          .reverse();
        const page = pageOf(found, (recorded) => recorded.entry, request.query, {
          defaultLimit: 200,
          url: request.url,
          descending: true,
        });
        return {
          alerts: page.items.map((recorded) => ({
            ...recorded.alert,
            entry: recorded.entry,
            ended: recorded.ended,
          })),
          ...(page.next ? { next: page.next } : {}),
        };
      });
    },
  );
};
