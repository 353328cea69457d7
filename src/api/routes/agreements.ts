import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { type Agreement, unresumedParties, unsignedParties } from '../../deconfliction/agreement.js';
import type { Hub } from '../../hub/hub.js';
import { problems } from '../../hub/problem.js';
import { maySeeAgreement } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { byKey, NextPage, pageOf, pageParameters } from '../paging.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const Signature = Type.Object({
  party: Type.String(),
  operator: Type.String(),
  time: Type.String(),
  entry: Type.Integer({ description: 'Index of the entry that signed it.' }),
});

const Suspension = Type.Object({
  party: Type.String({ description: 'The party that suspended it.' }),
  operator: Type.String(),
  time: Type.String(),
  entry: Type.Integer({ description: 'Index of the entry that suspended it.' }),
  reason: Type.String(),
  resumptions: Type.Array(Signature, { description: 'The parties’ signatures of its resumption, in order.' }),
  resumed: Type.Optional(
    Type.String({ description: 'When the last party signed the resumption: in force again.' }),
  ),
});

const AgreementViewSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  parties: Type.Array(Type.String()),
  terms: Type.String(),
  separation: Type.Union(
    [
      Type.Object({ horizontal_m: Type.Number(), vertical_m: Type.Number(), time_s: Type.Number() }),
      Type.Null(),
    ],
    { description: 'The minima between any two of its parties while in force; null: the hub’s defaults.' },
  ),
  ack_deadlines_s: Type.Optional(
    Type.Record(Type.String(), Type.Number(), {
      description: 'Seconds to acknowledge, by kind of message; kinds left out take the hub’s.',
    }),
  ),
  offline_grace_s: Type.Optional(
    Type.Number({ description: 'Seconds an officer may be off line before what waits on them moves on.' }),
  ),
  send_limits: Type.Optional(
    Type.Record(Type.String(), Type.Object({ count: Type.Number(), window_s: Type.Number() }), {
      description: 'Messages of each kind one party may send another within a window.',
    }),
  ),
  next_contact: Type.Optional(
    Type.Object(
      { party: Type.String(), duty: Type.Optional(Type.String()) },
      { description: 'Who is told when an urgent request between its parties expires unacknowledged.' },
    ),
  ),
  status: Type.String({
    description:
      'proposed, in-force, suspended or ended. While suspended its terms do not apply (the hub’s defaults ' +
      'do) and its zones and lines bind nobody; messages between its parties still flow.',
  }),
  proposed: Type.String(),
  signatures: Type.Array(Signature),
  unsigned: Type.Array(Type.String(), { description: 'Parties yet to sign.' }),
  suspensions: Type.Optional(
    Type.Array(Suspension, {
      description: 'Every suspension, oldest first; the last is in effect while the status is suspended.',
    }),
  ),
  awaiting_resumption: Type.Optional(
    Type.Array(Type.String(), {
      description: 'While suspended: the parties yet to sign its resumption.',
    }),
  ),
  ended: Type.Optional(
    Type.Object({
      party: Type.String(),
      operator: Type.String(),
      time: Type.String(),
      reason: Type.String(),
    }),
  ),
});

function agreementView(agreement: Agreement) {
  const { separation } = agreement;
  return {
    id: agreement.id,
    title: agreement.title,
    parties: agreement.parties,
    terms: agreement.terms,
    separation: separation
      ? { horizontal_m: separation.horizontalM, vertical_m: separation.verticalM, time_s: separation.timeS }
      : null,
    // What it changes for the hotline, as agreed: each only when the agreement sets it.
    ...(agreement.ackDeadlinesS
      ? {
          ack_deadlines_s: Object.fromEntries(
            Object.entries(agreement.ackDeadlinesS).flatMap(([kind, s]) =>
              s === undefined ? [] : [[kind, s]],
            ),
          ),
        }
      : {}),
    ...(agreement.offlineGraceS !== undefined ? { offline_grace_s: agreement.offlineGraceS } : {}),
    ...(agreement.sendLimits
      ? {
          send_limits: Object.fromEntries(
            Object.entries(agreement.sendLimits).flatMap(([kind, limit]) =>
              limit ? [[kind, { count: limit.count, window_s: limit.windowS }]] : [],
            ),
          ),
        }
      : {}),
    ...(agreement.nextContact ? { next_contact: agreement.nextContact } : {}),
    status: agreement.status,
    proposed: agreement.proposed,
    signatures: agreement.signatures,
    unsigned: unsignedParties(agreement),
    ...(agreement.suspensions ? { suspensions: agreement.suspensions } : {}),
    ...(agreement.status === 'suspended' ? { awaiting_resumption: unresumedParties(agreement) } : {}),
    ...(agreement.ended ? { ended: agreement.ended } : {}),
  };
}

/** Agreements are seen by their parties only; to anyone else they do not exist. */
export const agreementRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  const common = { preHandler: requireSession(sessions) };
  const tags = ['agreements'];

  app.get(
    '/v1/agreements',
    {
      ...common,
      schema: {
        summary: 'Agreements the signed-in party is party to, proposed, in force, suspended or ended',
        description: 'By id, a page at a time.',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(pageParameters(500, 1000), { additionalProperties: false }),
        response: {
          200: Type.Object({ agreements: Type.Array(AgreementViewSchema), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const viewer = sessionOperator(request).party;
      return hub.read((state) => {
        const id = (agreement: { id: string }) => agreement.id;
        const agreements = [...state.deconfliction.agreements.values()]
          .filter((agreement) => maySeeAgreement(agreement, viewer))
          .sort(byKey(id));
        const page = pageOf(agreements, id, request.query, { defaultLimit: 500, url: request.url });
        return { agreements: page.items.map(agreementView), ...(page.next ? { next: page.next } : {}) };
      });
    },
  );

  app.get(
    '/v1/agreements/:party/:name',
    {
      ...common,
      schema: {
        summary: 'One agreement, by id (proposing party/name)',
        tags,
        security: BEARER_SECURITY,
        params: Type.Object({
          party: Type.String({ maxLength: 40 }),
          name: Type.String({ minLength: 1, maxLength: 80 }),
        }),
        response: { 200: AgreementViewSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const viewer = sessionOperator(request).party;
      const id = `${request.params.party}/${request.params.name}`;
      const view = await hub.read((state) => {
        const agreement = state.deconfliction.agreements.get(id);
        return agreement && maySeeAgreement(agreement, viewer) ? agreementView(agreement) : null;
      });
      if (view === null) throw problems.notFound(`no agreement ${id}`);
      return view;
    },
  );
};
