// The signed-in party's on-call rosters, so that a declaration can name the one to call about it and
// a form can offer only rosters that exist.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Roster } from '../../hotline/roster.js';
import type { Hub } from '../../hub/hub.js';
import { maySeeRoster } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { byKey, NextPage, pageOf, pageParameters } from '../paging.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const RosterSchema = Type.Object({
  id: Type.String({ description: '<party>/<duty>' }),
  duty: Type.String({ description: 'What a declaration names as its roster.' }),
  members: Type.Array(
    Type.Object({
      operator: Type.String(),
      shifts: Type.Array(
        Type.Object({
          days: Type.Optional(Type.Array(Type.String())),
          from: Type.String(),
          to: Type.String(),
          time_zone: Type.String(),
        }),
      ),
    }),
    { description: 'In the order they are called.' },
  ),
  chief: Type.Optional(Type.String({ description: 'None: the whole party is asked after the members.' })),
  version: Type.Integer(),
  since: Type.String(),
});

function rosterView(roster: Roster) {
  return {
    id: roster.id,
    duty: roster.duty,
    members: roster.members.map((member) => ({
      operator: member.operator,
      shifts: member.shifts.map((shift) => ({
        ...(shift.days ? { days: [...shift.days] } : {}),
        from: shift.from,
        to: shift.to,
        time_zone: shift.timeZone,
      })),
    })),
    ...(roster.chief === undefined ? {} : { chief: roster.chief }),
    version: roster.version,
    since: roster.since,
  };
}

export const rosterRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  app.get(
    '/v1/rosters',
    {
      preHandler: requireSession(sessions),
      schema: {
        summary: 'The signed-in party’s on-call rosters, by id, a page at a time',
        tags: ['hotline'],
        security: BEARER_SECURITY,
        querystring: Type.Object(pageParameters(100, 500), { additionalProperties: false }),
        response: {
          200: Type.Object({ rosters: Type.Array(RosterSchema), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const id = (roster: Roster) => roster.id;
      const rosters = await hub.read((state) =>
        [...state.hotline.rosters.values()].filter((roster) => maySeeRoster(roster, party)).sort(byKey(id)),
      );
      const page = pageOf(rosters, id, request.query, { defaultLimit: 100, url: request.url });
      return { rosters: page.items.map(rosterView), ...(page.next ? { next: page.next } : {}) };
    },
  );
};
