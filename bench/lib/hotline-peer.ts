// The transport floor for the hotline benchmark: a plain `ws` server, in a child process like the
// hub, that fans out the same frames to the same sockets as the hub would — a message.send and its
// delivery.step to every client of the sender's and the recipient's parties, each delivery.receipt
// likewise — and answers each command `accepted`. No signatures checked, no record, no durability,
// one JSON.stringify per frame whatever the number of sockets: what the hub adds is the difference.
import { type WebSocket, WebSocketServer } from 'ws';
import type { ServerMessage } from '../../src/api/stream-protocol.js';
import type { PartyLayout } from './hotline-world.js';

export type PeerRequest = { type: 'start'; parties: PartyLayout[] } | { type: 'stop' };
export type PeerMessage = { type: 'listening'; url: string } | { type: 'stopped' };

const send = (message: PeerMessage) => process.send?.(message);

function serve(parties: PartyLayout[]): Promise<string> {
  const first = new Map<string, string>();
  for (const p of parties)
    for (const roster of [...p.rosters, p.escalation])
      first.set(`${p.party}/${roster.duty}`, roster.members[0] as string);
  const sockets = new Map<string, Set<WebSocket>>(parties.map((p) => [p.party, new Set()]));
  const senderOf = new Map<string, string>();
  let index = 0;
  const broadcast = (
    toParties: string[],
    kind: string,
    author: unknown,
    command: Record<string, unknown>,
  ) => {
    const frame: ServerMessage = {
      type: 'entry',
      index: index++,
      kind,
      time: new Date().toISOString(),
      author,
      command,
      visibility: toParties,
    };
    const text = JSON.stringify(frame);
    for (const party of toParties) for (const socket of sockets.get(party) ?? []) socket.send(text);
  };
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/v1/stream',
    perMessageDeflate: false,
  });
  server.on('connection', (socket, request) => {
    const party = new URL(request.url ?? '/', 'http://peer').searchParams.get('party') ?? '';
    const members = sockets.get(party);
    if (!members) return socket.close(1008, 'no such party');
    members.add(socket);
    socket.on('close', () => members.delete(socket));
    socket.send(
      JSON.stringify({ type: 'ready', operator: '', party, after: index - 1 } satisfies ServerMessage),
    );
    socket.on('message', (data) => {
      const { id, signed } = JSON.parse(data.toString()) as {
        id: number;
        signed: { command: Record<string, unknown>; key: string };
      };
      const { command } = signed;
      const author = { party, key: signed.key };
      const at = index;
      if (command.type === 'message.send') {
        const message = command.message as { id: string; recipients: { party: string; duty?: string }[] };
        senderOf.set(message.id, party);
        for (const recipient of message.recipients) {
          const both = [party, recipient.party].sort();
          const name = recipient.duty ? `${recipient.party}/${recipient.duty}` : recipient.party;
          broadcast(both, 'message.send', author, command);
          const operator = first.get(name);
          const step = operator ? { kind: 'member', operator, position: 0 } : { kind: 'party' };
          broadcast(
            both,
            'delivery.step',
            { hub: 'peer' },
            { message: message.id, recipient: name, step, reason: 'sent' },
          );
        }
      } else {
        const sender = senderOf.get(String(command.message)) ?? party;
        broadcast([...new Set([sender, party])].sort(), String(command.type), author, command);
      }
      socket.send(
        JSON.stringify({
          type: 'accepted',
          id,
          index: at,
          size: index,
          checkpoint: '',
        } satisfies ServerMessage),
      );
    });
  });
  return new Promise((resolve) =>
    server.on('listening', () => {
      const address = server.address() as { port: number };
      resolve(`http://127.0.0.1:${address.port}`);
    }),
  );
}

process.on('message', async (request: PeerRequest) => {
  if (request.type === 'start') send({ type: 'listening', url: await serve(request.parties) });
  else {
    send({ type: 'stopped' });
    process.exit(0);
  }
});
