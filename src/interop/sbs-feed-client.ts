// The hub's connection to an ADS-B receiver a party registered as its own feed: it connects out to
// the receiver's SBS-1 port (30003 on dump1090 and readsb), reads lines, and turns them into track
// reports. When the receiver goes away it reconnects with jittered exponential backoff, forever,
// until stopped; a bad line is counted and dropped and never ends the feed.
import { connect, type Socket } from 'node:net';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay } from '../webhooks/retry-policy.js';
import { type DroppedInput, dropped } from './dropped-input.js';
import { FeedTally } from './feed-tally.js';
import { LineSplitter } from './line-splitter.js';
import { parseSbsLine } from './sbs-message.js';
import { SbsTrackBuilder } from './sbs-tracks.js';
import type { TrackReport } from './track-report.js';

export interface SbsFeedOptions {
  host: string;
  port: number;
  /** The registered feed; its reports belong to the party that registered it. */
  source: string;
  onTrack(track: TrackReport): void;
  onDropped(drop: DroppedInput): void;
  onConnection?(state: 'connected' | 'disconnected', detail: string): void;
  /**
   * The time zone the receiver writes its times in (dump1090 local time, readsb UTC); null when not
   * declared, and then each message is timed when it is received (see sbs-clock.ts).
   */
  timeZone: string | null;
  /** The hub's clock, for messages timed when received. */
  clock?: () => number;
  /** Backoff between attempts, and `timeoutMs` to connect; `attempts` is not used: it never gives up. */
  reconnect?: RetryPolicy;
}

export const SBS_RECONNECT: RetryPolicy = { ...DEFAULT_RETRY_POLICY, capMs: 60_000 };

export class SbsFeedClient {
  readonly tally = new FeedTally();
  private readonly tracks: SbsTrackBuilder;
  private socket: Socket | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: SbsFeedOptions) {
    this.tracks = new SbsTrackBuilder(options.source);
  }

  /** Starts connecting; returns at once. */
  start(): this {
    this.connect();
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket?.destroy();
  }

  private connect(): void {
    const policy = this.options.reconnect ?? SBS_RECONNECT;
    const lines = new LineSplitter();
    const socket = connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setTimeout(policy.timeoutMs, () => socket.destroy(new Error('timed out connecting')));
    socket.on('connect', () => {
      socket.setTimeout(0);
      this.failures = 0;
      this.options.onConnection?.('connected', `${this.options.host}:${this.options.port}`);
    });
    socket.on('data', (chunk: Buffer) => {
      for (const split of lines.push(chunk)) {
        if ('overlong' in split) this.drop(dropped('line too long', split.overlong));
        else if (split.line.trim() !== '') this.line(split.line);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.stopped) return;
      this.failures++;
      const delay = retryDelay(policy, this.failures);
      this.options.onConnection?.('disconnected', `reconnecting in ${Math.round(delay)} ms`);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private line(line: string): void {
    const { timeZone, clock = Date.now } = this.options;
    const message = parseSbsLine(line, timeZone === null ? { receivedAt: clock() } : { timeZone });
    if ('drop' in message) {
      this.drop(message.drop);
      return;
    }
    this.tally.countAccepted();
    const track = this.tracks.accept(message);
    if (track !== null) this.options.onTrack(track);
  }

  private drop(drop: DroppedInput): void {
    this.tally.countDropped(drop);
    this.options.onDropped(drop);
  }
}
