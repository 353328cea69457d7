import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ringing } from '../../hotline/delivery.js';
import { messageView } from '../../hotline/message-view.js';
import { LANGUAGES, type Language } from '../../hotline/templates.js';
import type { Hub } from '../../hub/hub.js';
import { problems } from '../../hub/problem.js';
import { maySeeMessage, maySeeRefusal } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { NextPage, pageOf, pageParameters } from '../paging.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

export const Lang = Type.Optional(
  Type.Union(
    LANGUAGES.map((l) => Type.Literal(l)),
    { description: 'The language templates are rendered in: en, ru or ar. Default en.' },
  ),
);

/** The hotline as one party sees it: what it sent and what was sent to it, with every delivery's state. */
export const messageRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  const common = { preHandler: requireSession(sessions) };
  const tags = ['hotline'];

  app.get(
    '/v1/messages',
    {
      ...common,
      schema: {
        summary: 'Messages sent by or to the signed-in party',
        description:
          'Newest first, a page at a time. `box=in` for those sent to the party, `out` for those it sent; ' +
          '`waiting=true` for those with a delivery to the party not yet acknowledged, repeats left out: they ' +
          'are counted on the request they repeat (`repeats` on its delivery).',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(
          {
            box: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out'), Type.Literal('all')])),
            waiting: Type.Optional(Type.Boolean()),
            lang: Lang,
            ...pageParameters(200, 1000),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ messages: Type.Array(Type.Unknown()), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const { box = 'all', waiting = false, lang = 'en' } = request.query;
      return hub.read((state) => {
        const listed = function* () {
          const all = [...state.hotline.messages.values()];
          for (let i = all.length - 1; i >= 0; i--) {
            const message = all[i];
            if (!message || !maySeeMessage(message, party)) continue;
            const sent = message.party === party;
            if ((box === 'in' && sent) || (box === 'out' && !sent)) continue;
            if (waiting && !message.deliveries.some((d) => d.party === party && ringing(d))) continue;
            yield message;
          }
        };
        const page = pageOf(listed(), (message) => message.entry, request.query, {
          defaultLimit: 200,
          url: request.url,
          descending: true,
        });
        return {
          messages: page.items.map((message) => messageView(message, party, lang as Language)),
          ...(page.next ? { next: page.next } : {}),
        };
      });
    },
  );

  app.get(
    '/v1/hotline/refused',
    {
      ...common,
      schema: {
        summary: 'Senders refused for going over their limit, to or from the signed-in party',
        description:
          'One row per sending party, operator, recipient and kind of message: how many of its messages were ' +
          'refused, the first and the last time, and the entry of the latest refusal. A recipient sees who is ' +
          'flooding its rosters; a sender, what of its own was refused. Most refused first. The count is exact: ' +
          'it includes the attempts the hub has counted but not yet written (`unrecorded`), which it writes as ' +
          'one entry once the limit’s window has passed since the latest refusal it recorded.',
        tags,
        security: BEARER_SECURITY,
        response: {
          200: Type.Object({
            refused: Type.Array(
              Type.Object({
                party: Type.String(),
                operator: Type.String(),
                recipient: Type.String(),
                kind: Type.String(),
                count: Type.Integer(),
                unrecorded: Type.Integer({
                  description: 'Of `count`, the attempts not yet written to the record.',
                }),
                first: Type.String(),
                last: Type.String(),
                entry: Type.Integer(),
              }),
            ),
          }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      return hub.read((state) => ({
        refused: [...state.hotline.refusedSenders.entries()]
          .filter(([, refused]) => maySeeRefusal(refused, party))
          .map(([key, refused]) => {
            const unrecorded = hub.unrecordedRefusals(key);
            return {
              party: refused.party,
              operator: refused.operator,
              recipient: refused.recipient,
              kind: refused.kind,
              count: refused.count + (unrecorded?.count ?? 0),
              unrecorded: unrecorded?.count ?? 0,
              first: refused.first,
              last: unrecorded ? new Date(unrecorded.last).toISOString() : refused.last,
              entry: refused.entry,
            };
          })
          .sort((a, b) => b.count - a.count),
      }));
    },
  );

  app.get(
    '/v1/messages/:party/:name',
    {
      ...common,
      schema: {
        summary: 'One message, with the deliveries the party may see',
        tags,
        security: BEARER_SECURITY,
        params: Type.Object({ party: Type.String(), name: Type.String() }),
        querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const id = `${request.params.party}/${request.params.name}`;
      return hub.read((state) => {
        const message = state.hotline.messages.get(id);
        // A message the party is not part of is as absent as one never sent.
        if (!message || !maySeeMessage(message, party)) throw problems.notFound(`no message ${id}`);
        return messageView(message, party, (request.query.lang ?? 'en') as Language);
      });
    },
  );
};
