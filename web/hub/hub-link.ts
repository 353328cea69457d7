// Whether this page is in touch with the hub now. The live stream is what keeps the screen true, and a
// request that got no answer is as telling: while either is the case, everything shown is as of the
// moment the link was lost, and the page says so instead of looking current.

export type LinkState = { kind: 'connecting' } | { kind: 'connected' } | { kind: 'lost'; since: number };

export class HubLink {
  private state: LinkState = { kind: 'connecting' };
  private streaming = false;
  private unanswered = false;
  private readonly listeners: (() => void)[] = [];

  get current(): LinkState {
    return this.state;
  }

  get connected(): boolean {
    return this.state.kind === 'connected';
  }

  /** The stream signed in: the hub answered, and what follows is live. */
  streamReady(): void {
    this.streaming = true;
    this.unanswered = false;
    this.settle();
  }

  streamDropped(): void {
    this.streaming = false;
    this.settle();
  }

  /** A request got an answer, whatever it said: the hub is there. */
  answered(): void {
    this.unanswered = false;
    this.settle();
  }

  /** A request got no answer in time, or the network failed it. */
  unanswer(): void {
    this.unanswered = true;
    this.settle();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private settle(): void {
    const up = this.streaming && !this.unanswered;
    // Before the stream first signs in the page is connecting, unless a request has already failed.
    const kind = up
      ? 'connected'
      : this.state.kind === 'connecting' && !this.unanswered
        ? 'connecting'
        : 'lost';
    // Only a change is told: listeners read the hub again on it, which must not tell them again.
    if (kind === this.state.kind) return;
    this.state = kind === 'lost' ? { kind, since: Date.now() } : { kind };
    for (const listener of this.listeners) listener();
  }
}
