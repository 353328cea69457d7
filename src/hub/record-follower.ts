// Keeps a follower's state up with the record the writer grows: told of each commit by the store
// (LISTEN/NOTIFY on PostgreSQL), and polling as well, since a notification can be missed while the
// listening connection is down. On the writer, taking in finds nothing to do.
import type { WriterLeaseStore } from '../store/store.js';
import type { Hub } from './hub.js';

/** How often a follower looks for commits it was not told of, and tries to listen again. */
export const FOLLOW_POLL_MS = 1_000;

export class RecordFollower {
  private feed: { close(): Promise<void> } | null = null;
  private listening: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly hub: Hub,
    private readonly commits: Pick<WriterLeaseStore, 'listenForCommits'>,
    private readonly onError: (error: Error) => void,
  ) {
    this.timer = setInterval(() => this.poll(), FOLLOW_POLL_MS);
    this.timer.unref();
    this.poll();
  }

  private poll(): void {
    if (this.closed) return;
    if (!this.feed && !this.listening) this.listening = this.listen();
    this.takeIn();
  }

  private takeIn(): void {
    this.hub.follow().catch((error: Error) => this.onError(error));
  }

  private async listen(): Promise<void> {
    try {
      const feed = await this.commits.listenForCommits(
        () => this.takeIn(),
        (error) => {
          this.feed = null;
          this.onError(error);
        },
      );
      if (this.closed) await feed.close();
      else this.feed = feed;
    } catch (error) {
      this.onError(error as Error);
    } finally {
      this.listening = null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.listening;
    await this.feed?.close();
    this.feed = null;
  }
}
