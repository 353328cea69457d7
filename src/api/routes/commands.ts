import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Hub } from '../../hub/hub.js';
import { type SignedCommand, SignedCommandSchema } from '../../hub/signed-command.js';
import type { CommandLimits } from '../command-limits.js';
import { submitCounted } from '../counted-submit.js';
import type { LoginLimits } from '../login-limits.js';
import type { HubMetrics } from '../metrics.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

export interface CommandRoutesOptions {
  hub: Hub;
  sessions: Sessions;
  metrics: HubMetrics;
  logins: LoginLimits;
  commandLimits: CommandLimits;
}

const Accepted = Type.Object({
  index: Type.Integer({ description: 'Index of the command’s entry in the record.' }),
  size: Type.Integer({ description: 'Size of the record in the checkpoint below.' }),
  checkpoint: Type.String({ description: 'C2SP tlog-checkpoint, signed by the hub, covering the entry.' }),
});

export const commandRoutes: FastifyPluginAsyncTypebox<CommandRoutesOptions> = async (
  app,
  { hub, sessions, metrics, logins, commandLimits },
) => {
  app.post(
    '/v1/commands',
    {
      schema: {
        summary: 'Submit a signed command',
        description:
          'Every change goes through here. The answer comes once the entry is durable in the record. ' +
          'The command schemas are listed under components/schemas (party.create, operator.add, …). ' +
          'An operator, and the operators of one party together, may send only so many commands a minute; ' +
          'beyond that the answer is 429 with Retry-After, before the signature is checked.',
        tags: ['commands'],
        body: SignedCommandSchema,
        response: { 201: Accepted, '4xx': ProblemSchema, '5xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const accepted = await submitCounted(hub, metrics, commandLimits, request.body as SignedCommand);
      return reply.code(201).send(accepted);
    },
  );

  app.post(
    '/v1/sessions',
    {
      schema: {
        summary: 'Sign in',
        description:
          'Send a signed `login` command (type, hub, nonce, time). The answer is a bearer token for reads, ' +
          'valid 15 minutes and only while the key stays active. Sign-ins that fail are limited per address, ' +
          'and sign-ins per key: beyond either the answer is 429 with Retry-After.',
        tags: ['sessions'],
        body: SignedCommandSchema,
        response: {
          201: Type.Object({
            token: Type.String(),
            expires_at: Type.String(),
            operator: Type.String(),
            party: Type.String(),
            role: Type.String(),
          }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const signed = request.body as SignedCommand;
      const { operator } = await logins.attempt(request.socket.remoteAddress ?? 'unknown', signed.key, () =>
        hub.login(signed),
      );
      const session = sessions.open(signed.key);
      return reply.code(201).send({
        token: session.token,
        expires_at: session.expiresAt,
        operator: operator.id,
        party: operator.party,
        role: operator.role,
      });
    },
  );
};
