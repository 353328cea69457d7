import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Hub } from '../../hub/hub.js';
import { Problem } from '../../hub/problem.js';
import { partiesYetToAgree, type WitnessProposal } from '../../witness/witness-policy.js';
import { READER_SECURITY, recordReader } from '../authenticated.js';
import type { LoginLimits } from '../login-limits.js';
import type { RecordReaders } from '../record-readers.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const ProposalView = Type.Object({
  id: Type.String(),
  witnesses: Type.Array(Type.Object({ name: Type.String(), key: Type.String(), url: Type.String() })),
  quorum: Type.Integer(),
  digest: Type.String({ description: 'What each party agrees to: witnesses.agree names it.' }),
  status: Type.String({ description: 'proposed, in-force or replaced' }),
  proposed: Type.String(),
  parties: Type.Array(Type.String(), { description: 'The parties registered when it was proposed.' }),
  agreed: Type.Array(
    Type.Object({
      party: Type.String(),
      operator: Type.String(),
      time: Type.String(),
      entry: Type.Integer(),
    }),
  ),
  awaiting: Type.Array(Type.String(), { description: 'Parties yet to agree.' }),
  in_force_since: Type.Optional(Type.Object({ entry: Type.Integer(), time: Type.String() })),
});

function proposalView(proposal: WitnessProposal) {
  return {
    id: proposal.id,
    witnesses: proposal.policy.witnesses,
    quorum: proposal.policy.quorum,
    digest: proposal.digest,
    status: proposal.status,
    proposed: proposal.proposed,
    parties: proposal.parties,
    agreed: proposal.agreements,
    awaiting: partiesYetToAgree(proposal),
    ...(proposal.inForceSince ? { in_force_since: proposal.inForceSince } : {}),
  };
}

/**
 * The hub as its witnesses see it: the witness policy the parties agreed, the latest checkpoint a
 * quorum of them cosigned, and the sign-in of the record's named readers.
 */
export const witnessingRoutes: FastifyPluginAsyncTypebox<{
  hub: Hub;
  sessions: Sessions;
  readers: RecordReaders;
  /** Reader sign-ins are limited as operators' are: failures by address, successes by key. */
  logins: LoginLimits;
}> = async (app, { hub, sessions, readers, logins }) => {
  const readable = { preHandler: recordReader(sessions, readers) };
  const tags = ['record'];

  app.get(
    '/v1/record/witnesses',
    {
      ...readable,
      schema: {
        summary: 'Who witnesses the hub: the policy in force and proposals awaiting agreement',
        tags,
        security: READER_SECURITY,
        response: {
          200: Type.Object({
            policy: Type.Union([ProposalView, Type.Null()]),
            pending: Type.Array(ProposalView),
          }),
          '4xx': ProblemSchema,
        },
      },
    },
    async () =>
      hub.read((state) => {
        const inForce = state.witnessing.inForce();
        return {
          policy: inForce ? proposalView(inForce) : null,
          pending: state.witnessing.pending().map(proposalView),
        };
      }),
  );

  app.get(
    '/v1/record/checkpoint/cosigned',
    {
      ...readable,
      schema: {
        summary: 'The latest checkpoint cosigned by a quorum of the hub’s witnesses',
        security: READER_SECURITY,
        description:
          'The hub’s signed checkpoint followed by its witnesses’ cosignature/v1 lines (C2SP tlog-cosignature). ' +
          'It trails the latest checkpoint by the time the witnesses take to answer.',
        tags,
        response: { 200: Type.String(), '4xx': ProblemSchema },
      },
    },
    async (_request, reply) => {
      const cosigned = await hub.store.latestCosignedCheckpoint();
      if (!cosigned) {
        const inForce = await hub.read((state) => state.witnessing.inForce());
        throw new Problem(
          404,
          'not-found',
          'No cosigned checkpoint yet',
          inForce && inForce.policy.witnesses.length > 0
            ? `no quorum of ${inForce.policy.quorum} of the witnesses of ${inForce.id} has cosigned yet`
            : 'the parties have not agreed on witnesses for this hub',
        );
      }
      return reply.type('text/plain; charset=utf-8').send(cosigned.text);
    },
  );

  app.post(
    '/v1/record/readers/challenge',
    {
      schema: {
        summary: 'A challenge for a named record reader to sign (when the hub restricts its record)',
        tags,
        response: { 200: Type.Object({ challenge: Type.String(), expires_at: Type.String() }) },
      },
    },
    async () => readers.challenge(),
  );

  app.post(
    '/v1/record/readers/sessions',
    {
      schema: {
        summary: 'Sign in as a record reader: a bearer token for the record’s public routes',
        description:
          'Sign, with the Ed25519 key the hub names, the bytes "deconflict record reader\\n<origin>\\n<challenge>\\n".',
        tags,
        body: Type.Object(
          {
            public_key: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' }),
            challenge: Type.String({ minLength: 1, maxLength: 200 }),
            signature: Type.String({ pattern: '^[A-Za-z0-9+/]{86}==$' }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ token: Type.String(), expires_at: Type.String() }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { public_key, challenge, signature } = request.body;
      const session = await logins.attempt(
        request.socket.remoteAddress ?? 'unknown',
        `reader:${public_key}`,
        async () => readers.signIn(public_key, challenge, signature),
      );
      return reply.status(201).send(session);
    },
  );
};
