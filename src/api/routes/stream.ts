import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Hub } from '../../hub/hub.js';
import { Problem } from '../../hub/problem.js';
import type { CommandLimits } from '../command-limits.js';
import type { HubMetrics } from '../metrics.js';
import { OperatorSocket } from '../operator-socket.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';
import type { SocketGate } from '../socket-gate.js';
import { StreamQuery } from '../stream-protocol.js';

const DESCRIPTION = `A WebSocket for operators' clients: while it is open and signed in, the operator is on line
(a hotline message to its roster may go to it; once the operator's last one has been closed for the
grace — 30 s, or what the parties' agreement sets — what waits on them passes on).

**Signing in.** Send \`Authorization: Bearer <token>\` (and \`?after=\`) with the upgrade, or, where
headers cannot be set (browsers), make the first message \`{"type":"auth","token":"…","after":N}\`
within 5 s (the hub's operator may set another limit). Then the hub sends \`{"type":"ready","operator","party","after"}\`.

**Entries.** Every committed entry the party may read, after \`after\` (the last index the client
has; -1 for the whole record; without it, from now on), backlog first then live, each index once:
\`{"type":"entry","index","kind","time","author","command","visibility"}\`; an entry whose stored
bytes cannot be read comes as \`{"type":"damaged","index"}\`. Reconnect with the last index received
to miss nothing, across disconnects and hub restarts.

**Commands.** \`{"type":"command","id":<tag>,"signed":{"command","key","signature"}}\` is answered
\`{"type":"accepted","id","index","size","checkpoint"}\` or \`{"type":"refused","id","problem":<RFC 9457>}\`,
as POST /v1/commands would be. An invalid message is refused likewise.

**Ending.** The hub pings every 15 s and drops a client that does not answer. It closes with 1008
when the client is not signed in in time, its session already has its fill of sockets, or its session ends (expiry, revoked or rotated key), 1013 when the
client fell too far behind, 1011 when the stream failed, 1001 when the hub shuts down; after any but
1008, reconnect and resume.`;

export const streamRoutes: FastifyPluginAsyncTypebox<{
  hub: Hub;
  sessions: Sessions;
  metrics: HubMetrics;
  gate: SocketGate;
  commandLimits: CommandLimits;
}> = async (app, { hub, sessions, metrics, gate, commandLimits }) => {
  const open = new Set<OperatorSocket>();
  // The hub going away is not its operators going off line: nothing escalates for it.
  app.addHook('preClose', async () => {
    for (const socket of open) socket.shutdown();
  });

  app.route({
    method: 'GET',
    url: '/v1/stream',
    schema: {
      summary: 'The hotline WebSocket: entries pushed to an operator’s client, and its commands',
      description: DESCRIPTION,
      tags: ['events'],
      querystring: StreamQuery,
      response: { '4xx': ProblemSchema },
    },
    wsHandler: (socket, request) => {
      const operatorSocket = new OperatorSocket(socket, {
        hub,
        sessions,
        metrics,
        commandLimits,
        log: request.log,
        // The connection the WebSocket was upgraded from: the one its frames are written to.
        connection: request.raw.socket,
        signedIn: (token) => gate.signedIn(request, socket, token),
      });
      open.add(operatorSocket);
      socket.on('close', () => open.delete(operatorSocket));
      operatorSocket.start(request.headers.authorization, request.query.after ?? null);
    },
    handler: async () => {
      throw new Problem(426, 'upgrade-required', 'Upgrade Required', 'GET /v1/stream is a WebSocket');
    },
  });
};
