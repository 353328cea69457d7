// The entries a party may read after a cursor, then live: what the event stream and the operators'
// WebSocket both carry, whatever their framing. A client that comes back with the last index it saw
// gets everything after it from the store, then the live entries, with nothing lost or repeated at
// the seam — across disconnects and hub restarts alike, since the backlog is read from the record.
import type { FastifyBaseLogger } from 'fastify';
import type { Hub } from '../hub/hub.js';
import type { CommittedEntry } from '../hub/subscribers.js';
import { maySeeEntry } from '../hub/who-may-see.js';
import type { Entry } from '../record/index.js';
import type { Sessions } from './sessions.js';

const HEARTBEAT_MS = 15_000;
/** Entries read from the store at a time while catching up. */
const BACKLOG_PAGE = 1000;
/**
 * A client this far behind on live entries is cut off rather than buffered without bound: it
 * resumes from its last index and catches up from the store at its own pace.
 */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Likewise for entries committed while a client is still catching up. */
const MAX_QUEUED_ENTRIES = 100_000;

/** Runs `write` with `stream` corked, so that what it writes leaves in one write to the network. */
export function writtenTogether(stream: { cork(): void; uncork(): void }, write: () => void): void {
  stream.cork();
  try {
    write();
  } finally {
    stream.uncork();
  }
}

/** Why a stream is ended from this side. */
export type StreamEnd = 'session-ended' | 'too-slow' | 'failed' | 'shutdown';

/** A transport's side of a stream: how it frames entries, and how it reports its own back pressure. */
export interface EntryOutlet {
  /** An entry the party may read. */
  entry(index: number, entry: Entry): void;
  /** An entry whose stored bytes could not be read: the client learns there is a gap, and where. */
  damaged(index: number): void;
  /** Bytes written but not yet sent. */
  buffered(): number;
  /** Resolves once the transport has room again, or has closed. */
  drained(): Promise<void>;
  /**
   * Sends what `write` sends in as few writes to the network as the transport can: a batch of
   * entries to one client costs one system call, not one each. Fanning a batch out to thousands of
   * sockets, those calls are most of the hub's work; the busier the hub, the larger its batches.
   */
  together(write: () => void): void;
  /** Keeps the connection open; called every 15 s while the session lasts. */
  heartbeat(): void;
  end(why: StreamEnd): void;
}

export interface VisibleEntriesOptions {
  hub: Hub;
  sessions: Sessions;
  token: string;
  party: string;
  /** The first index to send. */
  start: number;
  outlet: EntryOutlet;
}

/**
 * One client's entries from `start`, first the backlog from the store, then live ones. It subscribes
 * before reading the backlog, so an entry committed meanwhile is queued rather than lost, and sends
 * each index at most once. The session is checked before every live batch and every heartbeat: a
 * revoked key or an expired session ends the stream.
 */
export class VisibleEntries {
  private next: number;
  private readonly queued: CommittedEntry[] = [];
  private running = true;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly sessionLive: () => boolean;

  constructor(private readonly options: VisibleEntriesOptions) {
    this.next = options.start;
    this.sessionLive = options.sessions.operatorStream(options.token) ?? (() => false);
    // Called in the hub's writer: it must be quick and must not throw. Only entries the party may
    // read wake the client, so that a batch costs a session check for its readers' clients only,
    // not for every client connected (a thousand, over parties most batches are nothing to).
    this.unsubscribe = options.hub.subscribe({
      name: 'entry stream',
      entries: (entries) => {
        const before = this.queued.length;
        for (const committed of entries)
          if (maySeeEntry(committed.entry, options.party)) this.queued.push(committed);
        if (this.queued.length === before) return;
        if (this.queued.length > MAX_QUEUED_ENTRIES) this.end('too-slow');
        else this.deliverQueued();
      },
      // The client resumes from its last index on a new stream: nothing is lost by ending this one.
      cutOff: () => this.end('failed'),
    });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  /** Sends the backlog up to the record's size as of subscribing, then whatever was queued since. */
  async run(log: FastifyBaseLogger): Promise<void> {
    try {
      await this.backlog();
      this.deliverQueued();
    } catch (error) {
      log.error({ err: error }, 'entry stream failed');
      this.end('failed');
    }
  }

  /** A transport that throws ends its own stream, never the hub's writer or another client's. */
  private readonly failed = (): void => this.end('failed');

  /** Ends the stream from this side: the transport is told why, then everything is let go. */
  end(why: StreamEnd): void {
    if (!this.closed) this.options.outlet.end(why);
    this.close();
  }

  /** The transport has closed: stop listening and beating. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
  }

  private async backlog(): Promise<void> {
    const { hub, party, outlet } = this.options;
    const end = hub.record.size;
    try {
      while (!this.closed && this.next < end) {
        if (!this.sessionLive()) return this.end('session-ended');
        const page = await hub.recentEntries.page(this.next, Math.min(end, this.next + BACKLOG_PAGE));
        outlet.together(() => {
          for (const { index, visibility, entry } of page) {
            if (this.closed) return;
            // The stored column tells which damage is the party's to know of; the entry's own
            // visibility, which its leaf hash covers, has the last word.
            if (!maySeeEntry({ visibility }, party)) continue;
            if (entry === null) outlet.damaged(index);
            else if (maySeeEntry(entry, party)) outlet.entry(index, entry);
          }
        });
        if (this.closed) return;
        this.next = Math.max(this.next, (page.at(-1)?.index ?? end - 1) + 1);
        await outlet.drained();
      }
    } finally {
      this.running = false;
    }
  }

  /** Sends what was queued since; a transport that throws ends its own stream. */
  private deliverQueued(): void {
    if (this.running || this.closed || this.queued.length === 0) return;
    this.running = true;
    try {
      if (!this.sessionLive()) {
        this.end('session-ended');
        return;
      }
      const { outlet } = this.options;
      outlet.together(() => {
        for (const { index, entry } of this.queued.splice(0)) {
          if (this.closed) return;
          if (index >= this.next) outlet.entry(index, entry);
          this.next = Math.max(this.next, index + 1);
        }
      });
      if (this.closed) return;
      if (outlet.buffered() > MAX_BUFFERED_BYTES) this.end('too-slow');
    } catch {
      this.failed();
    } finally {
      this.running = false;
    }
  }

  private beat(): void {
    try {
      if (!this.sessionLive()) this.end('session-ended');
      else if (!this.closed) this.options.outlet.heartbeat();
    } catch {
      this.failed();
    }
  }
}
