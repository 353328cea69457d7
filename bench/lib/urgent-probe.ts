// A real urgent request from a third party to the legitimate party's roster, sent while another
// party may be flooding that roster: how long until the hub asks the officer on duty (the
// delivery's first step arriving on the officer's own stream, as its client would ring), whether
// the request is in the party's waiting list when the officer looks, and how many other urgent
// requests wait there beside it. The officer then acknowledges it, as on duty, so that it does not
// escalate. The officer's stream stays open throughout, so that the roster has someone on line.
import type { OperatorSigner } from '../../src/client/operator-signer.js';
import { type ClientSpec, OperatorClient, type StreamEntry } from './hotline-client.js';

export interface ProbeOutcome {
  /** Milliseconds from sending until the officer was asked; null if not within REACH_TIMEOUT_MS. */
  reachMs: number | null;
  /** Whether the hub's first step asked the officer on duty (not the chief, not the whole party). */
  askedOfficer: boolean;
  /** Whether the request was in the officer's party's waiting list, read once it had arrived. */
  listed: boolean;
  /** Other urgent requests in that waiting list: what the request had to be found among. */
  waitingBeside: number;
  /** The send, the list or the acknowledgment refused or failed. */
  failed: boolean;
}

/** Longer than any slowness seen under attack; a request not asked by then counts as not reaching. */
const REACH_TIMEOUT_MS = 10_000;

export class UrgentProbe {
  private readonly arrivals = new Map<string, (entry: StreamEntry) => void>();
  private readonly officer: OperatorClient;

  constructor(
    private readonly url: string,
    private readonly origin: string,
    /** The legitimate party's officer on duty, the roster's only member. */
    officer: ClientSpec,
    /** A session of the officer's, for reading and acknowledging over HTTP. */
    private readonly officerToken: string,
    private readonly roster: { party: string; duty: string },
    /** The third party's officer who sends the requests. */
    private readonly sender: OperatorSigner,
  ) {
    this.officer = new OperatorClient(
      officer,
      () => ({ url, origin, kind: 'hub' }),
      (_client, entry) => {
        const message = entry.command.message;
        if (entry.kind === 'delivery.step' && typeof message === 'string')
          this.arrivals.get(message)?.(entry);
      },
      () => {},
    );
  }

  /** Puts the officer on line. */
  open(): Promise<void> {
    return this.officer.connect();
  }

  close(): Promise<void> {
    return this.officer.close();
  }

  /** Sends one urgent request with this id (the sender's party's) and follows it to the officer. */
  async send(id: string): Promise<ProbeOutcome> {
    const outcome: ProbeOutcome = {
      reachMs: null,
      askedOfficer: false,
      listed: false,
      waitingBeside: 0,
      failed: false,
    };
    let timer: NodeJS.Timeout | undefined;
    // Listening before sending: the step may come on the stream before the send's answer.
    const arrived = new Promise<StreamEntry | null>((resolve) => {
      this.arrivals.set(id, resolve);
      timer = setTimeout(() => resolve(null), REACH_TIMEOUT_MS);
    });
    const began = performance.now();
    try {
      const message = {
        id,
        kind: 'urgent-request',
        action: 'hold',
        recipients: [this.roster],
        text: 'Hold all fire near the convoy at the bridge.',
      };
      const sent = await this.post(this.sender.command(this.origin, 'message.send', { message }));
      if (sent.status !== 201) {
        outcome.failed = true;
        return outcome;
      }
      const step = await arrived;
      if (step === null) return outcome;
      outcome.reachMs = performance.now() - began;
      const asked = step.command.step as { kind: string; operator?: string };
      outcome.askedOfficer = asked.kind === 'member' && asked.operator === this.officer.spec.operator;
      const waiting = await fetch(`${this.url}/v1/messages?box=in&waiting=true&limit=1000`, {
        headers: { authorization: `Bearer ${this.officerToken}` },
      });
      const listed = (await waiting.json()) as { messages?: { id: string; kind: string }[] };
      if (waiting.status !== 200 || !listed.messages) {
        outcome.failed = true;
        return outcome;
      }
      outcome.listed = listed.messages.some((m) => m.id === id);
      outcome.waitingBeside = listed.messages.filter(
        (m) => m.id !== id && m.kind === 'urgent-request',
      ).length;
      const acknowledged = await this.post(
        this.officer.signer.command(this.origin, 'delivery.receipt', {
          message: id,
          recipient: `${this.roster.party}/${this.roster.duty}`,
          state: 'acknowledged',
        }),
      );
      if (acknowledged.status !== 201) outcome.failed = true;
      return outcome;
    } finally {
      clearTimeout(timer);
      this.arrivals.delete(id);
    }
  }

  private async post(body: unknown): Promise<{ status: number }> {
    const response = await fetch(`${this.url}/v1/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return { status: response.status };
  }
}
