import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Hub } from '../../hub/hub.js';
import { problems } from '../../hub/problem.js';
import type { Entry } from '../../record/index.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';
import type { SocketGate } from '../socket-gate.js';
import { type EntryOutlet, type StreamEnd, VisibleEntries, writtenTogether } from '../visible-entries.js';

/** An entry stream as Server-Sent Events: `id` the index, `event` the kind, `data` JSON on one line. */
class EventOutlet implements EntryOutlet {
  constructor(private readonly raw: ServerResponse) {}

  entry(index: number, entry: Entry): void {
    const { kind, time, author, command } = entry;
    this.write(index, kind, { index, kind, time, author, command });
  }

  damaged(index: number): void {
    this.write(index, 'damaged', { index });
  }

  buffered(): number {
    return this.raw.writableLength;
  }

  drained(): Promise<void> {
    const { raw } = this;
    if (raw.destroyed || !raw.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        raw.off('drain', done);
        raw.off('close', done);
        resolve();
      };
      raw.on('drain', done);
      raw.on('close', done);
    });
  }

  together(write: () => void): void {
    writtenTogether(this.raw, write);
  }

  heartbeat(): void {
    this.raw.write(': heartbeat\n\n');
  }

  /** An event stream cannot say why it ends: the client reconnects, and is refused if it must sign in again. */
  end(_why: StreamEnd): void {
    this.raw.end();
  }

  private write(index: number, event: string, data: unknown): void {
    if (this.raw.writableEnded || this.raw.destroyed) return;
    // JSON has no raw line breaks, so each event's data is one line.
    this.raw.write(`id: ${index}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}

/** The last index a client has, from Last-Event-ID (which an EventSource sends on reconnecting) or ?after. */
function resumeAfter(header: string | undefined, after: number | undefined): number | null {
  if (header !== undefined) {
    const value = /^\d{1,15}$/.test(header.trim()) ? Number(header.trim()) : Number.NaN;
    if (!Number.isSafeInteger(value)) {
      throw problems.badRequest('Last-Event-ID must be the index of an entry', [
        { field: 'header:last-event-id', reason: 'must be a non-negative integer' },
      ]);
    }
    return value;
  }
  if (after === undefined) return null;
  if (!Number.isSafeInteger(after)) {
    // The schema's integer check lets ±Infinity through once coerced from text.
    throw problems.badRequest('after must be the index of an entry', [
      { field: 'querystring:after', reason: 'must be an integer, -1 or more' },
    ]);
  }
  return after;
}

/**
 * The record as a stream of Server-Sent Events: each entry the signed-in party may read, as it is
 * committed. This is how a party hears, without polling, of the conflicts found with its
 * declarations, of reminders and expiries, and of everything else shared with it.
 */
export const eventRoutes: FastifyPluginAsyncTypebox<{
  hub: Hub;
  sessions: Sessions;
  gate: SocketGate;
}> = async (app, { hub, sessions, gate }) => {
  const open = new Set<VisibleEntries>();
  // Open streams would keep the server from closing.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end('shutdown');
  });

  app.get(
    '/v1/events',
    {
      preHandler: requireSession(sessions),
      schema: {
        summary: 'Committed entries the signed-in party may read, as Server-Sent Events',
        description:
          'Each event is one entry: `id` its index in the record, `event` its kind (conflicts.found, ' +
          'declaration.submit, declaration.expiry-reminder, …), `data` JSON {index, kind, time, author, ' +
          'command}; an entry whose stored bytes cannot be read comes as `event: damaged`. Without ' +
          '`Last-Event-ID` or `after` only entries committed from now on are sent; with ' +
          'either, every later entry first. A comment every 15 s keeps the connection open. The stream ' +
          'ends when the session does; sign in again and resume with Last-Event-ID. It counts against the ' +
          'session’s sockets: beyond their limit the answer is 429.',
        tags: ['events'],
        security: BEARER_SECURITY,
        headers: Type.Object({
          'last-event-id': Type.Optional(Type.String({ description: 'The last index received.' })),
        }),
        querystring: Type.Object(
          {
            after: Type.Optional(
              Type.Integer({
                minimum: -1,
                description: 'Send the entries after this index; -1 for the whole record.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: 'text/event-stream',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          '4xx': ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const party = sessionOperator(request).party;
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      const after = resumeAfter(request.headers['last-event-id'], request.query.after);
      const size = hub.record.size;
      if (after !== null && after >= size) {
        const field =
          request.headers['last-event-id'] === undefined ? 'querystring:after' : 'header:last-event-id';
        throw problems.badRequest(`the record has ${size} entries`, [
          { field, reason: `must be below ${size}, the record’s size` },
        ]);
      }
      // Held open like a socket, so it counts against the session like one.
      gate.streamOpened(token, reply.raw);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Proxies must pass events on as they come.
        'x-accel-buffering': 'no',
      });
      const stream = new VisibleEntries({
        hub,
        sessions,
        token,
        party,
        start: after === null ? size : after + 1,
        outlet: new EventOutlet(reply.raw),
      });
      open.add(stream);
      reply.raw.on('close', () => {
        stream.close();
        open.delete(stream);
      });
      // Flushes the headers, so the client knows it is subscribed.
      reply.raw.write(': subscribed\n\n');
      void stream.run(request.log);
      return reply;
    },
  );
};
