import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CommittedEntry, Hub } from '../../hub/hub.js';
import { problems } from '../../hub/problem.js';
import { HubState } from '../../hub/state.js';
import { type Entry, parseTrustedEntry } from '../../record/index.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const HEARTBEAT_MS = 15_000;
/** Entries read from the store at a time while catching up. */
const BACKLOG_PAGE = 1000;
/**
 * A client this far behind on live entries is cut off rather than buffered without bound: it
 * resumes with Last-Event-ID and catches up from the store at its own pace.
 */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Likewise for entries committed while a client is still catching up. */
const MAX_QUEUED_ENTRIES = 100_000;

interface StreamOptions {
  hub: Hub;
  sessions: Sessions;
  token: string;
  party: string;
  /** The first index to send. */
  start: number;
  raw: ServerResponse;
}

/**
 * One client's stream: the entries from `start` the party may read, first the backlog from the
 * store, then live ones. It subscribes before reading the backlog, so an entry committed meanwhile
 * is queued rather than lost, and sends each index at most once. The session is checked before
 * every live batch and every heartbeat: a revoked key or an expired session ends the stream.
 */
class EntryStream {
  private next: number;
  private readonly queued: CommittedEntry[] = [];
  private running = true;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: StreamOptions) {
    this.next = options.start;
    // Called in the hub's writer: it must be quick and must not throw.
    this.unsubscribe = options.hub.subscribe((entries) => {
      this.queued.push(...entries);
      if (this.queued.length > MAX_QUEUED_ENTRIES) this.end();
      else void this.deliverQueued();
    });
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    options.raw.on('close', () => this.cleanUp());
  }

  /** Sends the backlog up to the record's size as of subscribing, then whatever was queued since. */
  async run(): Promise<void> {
    const end = this.options.hub.record.size;
    try {
      while (!this.closed && this.next < end) {
        if (!(await this.sessionLive())) return this.end();
        const page = await this.options.hub.store.entries(this.next, Math.min(end, this.next + BACKLOG_PAGE));
        for (const stored of page) {
          // The stored column spares parsing what the party may not read; the entry's own
          // visibility, which its leaf hash covers, has the last word.
          if (!HubState.visibleTo(stored.visibility, this.options.party)) continue;
          let entry: Entry;
          try {
            entry = parseTrustedEntry(stored.bytes);
          } catch {
            this.write(stored.index, 'damaged', { index: stored.index });
            continue;
          }
          if (HubState.visibleTo(entry.visibility, this.options.party)) this.send(stored.index, entry);
        }
        this.next = Math.max(this.next, (page.at(-1)?.index ?? end - 1) + 1);
        await this.drained();
      }
    } finally {
      this.running = false;
    }
    await this.deliverQueued();
  }

  end(): void {
    if (!this.closed) this.options.raw.end();
    this.cleanUp();
  }

  private async deliverQueued(): Promise<void> {
    if (this.running || this.closed || this.queued.length === 0) return;
    this.running = true;
    try {
      while (!this.closed && this.queued.length > 0) {
        if (!(await this.sessionLive())) return this.end();
        for (const { index, entry } of this.queued.splice(0)) {
          if (index >= this.next && HubState.visibleTo(entry.visibility, this.options.party))
            this.send(index, entry);
          this.next = Math.max(this.next, index + 1);
        }
        if (this.options.raw.writableLength > MAX_BUFFERED_BYTES) return this.end();
      }
    } finally {
      this.running = false;
    }
  }

  private send(index: number, entry: Entry): void {
    const { kind, time, author, command } = entry;
    this.write(index, kind, { index, kind, time, author, command });
  }

  private write(index: number, event: string, data: unknown): void {
    if (this.closed) return;
    // JSON has no raw line breaks, so each event's data is one line.
    this.options.raw.write(`id: ${index}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private async beat(): Promise<void> {
    if (!(await this.sessionLive())) return this.end();
    if (!this.closed) this.options.raw.write(': heartbeat\n\n');
  }

  /** False too when the hub has stopped serving reads (its record could not be written). */
  private async sessionLive(): Promise<boolean> {
    try {
      return (await this.options.sessions.operator(this.options.token)) !== null;
    } catch {
      return false;
    }
  }

  private drained(): Promise<void> {
    const { raw } = this.options;
    if (this.closed || !raw.writableNeedDrain) return Promise.resolve();
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

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
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
export const eventRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  const open = new Set<EntryStream>();
  // Open streams would keep the server from closing.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
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
          'ends when the session does; sign in again and resume with Last-Event-ID.',
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
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // Proxies must pass events on as they come.
        'x-accel-buffering': 'no',
      });
      const stream = new EntryStream({
        hub,
        sessions,
        token,
        party,
        start: after === null ? size : after + 1,
        raw: reply.raw,
      });
      open.add(stream);
      reply.raw.on('close', () => open.delete(stream));
      // Flushes the headers, so the client knows it is subscribed.
      reply.raw.write(': subscribed\n\n');
      void stream.run().catch((error: unknown) => {
        request.log.error({ err: error }, 'event stream failed');
        stream.end();
      });
      return reply;
    },
  );
};
