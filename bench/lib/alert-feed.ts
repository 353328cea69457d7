// A party's system streaming its tracks to the hub: one WebSocket on /v1/feeds/<party>/<feed>/stream,
// signed in with a session, sending {"reports":[…]} batches and timing each answer (the hub answers
// a batch once the watch has taken it, in order).
import { WebSocket } from 'ws';
import type { TrackReport } from '../../src/watch/track-report.js';

export interface FeedCounts {
  batches: number;
  answered: number;
  accepted: number;
  dropped: number;
  /** The first few reasons given for dropped reports. */
  reasons: string[];
  /** Send → answer, ms, one per batch. */
  intakeMs: number[];
}

/** A report as a party's system writes it. */
function reportBody(report: TrackReport) {
  return {
    id: report.id,
    time: new Date(report.time).toISOString(),
    lon: report.lon,
    lat: report.lat,
    alt_m: report.altM,
    ground_speed_ms: report.groundSpeedMs,
    track_deg: report.trackDeg,
    vertical_rate_ms: report.verticalRateMs,
    airborne: report.airborne,
    ...(report.activity ? { activity: report.activity } : {}),
  };
}

export class FeedStream {
  private readonly inFlight: number[] = [];
  readonly counts: FeedCounts = {
    batches: 0,
    answered: 0,
    accepted: 0,
    dropped: 0,
    reasons: [],
    intakeMs: [],
  };

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const answer = JSON.parse(data.toString()) as {
        accepted?: number;
        dropped?: { reason: string }[];
        problem?: unknown;
      };
      const sentAt = this.inFlight.shift();
      if (sentAt !== undefined) this.counts.intakeMs.push(performance.now() - sentAt);
      this.counts.answered++;
      this.counts.accepted += answer.accepted ?? 0;
      const dropped = answer.dropped ?? [];
      this.counts.dropped += dropped.length;
      if (answer.problem) this.counts.reasons.push(JSON.stringify(answer.problem));
      for (const { reason } of dropped.slice(0, 5 - this.counts.reasons.length))
        this.counts.reasons.push(reason);
    });
  }

  static async open(url: string, feed: string, token: string): Promise<FeedStream> {
    const socket = new WebSocket(new URL(`/v1/feeds/${feed}/stream`, url.replace(/^http/, 'ws')), {
      headers: { authorization: `Bearer ${token}` },
      perMessageDeflate: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('close', (code, reason) => reject(new Error(`feed ${feed} closed ${code} ${reason}`)));
    });
    return new FeedStream(socket);
  }

  /** Sends one batch; returns the moment it left (performance.now()). */
  send(reports: readonly TrackReport[]): number {
    const text = JSON.stringify({ reports: reports.map(reportBody) });
    const at = performance.now();
    this.socket.send(text);
    this.inFlight.push(at);
    this.counts.batches++;
    return at;
  }

  get pending(): number {
    return this.inFlight.length;
  }

  close(): void {
    this.socket.close(1000);
  }
}
