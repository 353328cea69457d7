// Counts of what a feed sent, kept per connection, so the feed's owner can see at a glance how
// much got through and why the rest did not.
import type { DroppedInput } from './dropped-input.js';

export class FeedTally {
  accepted = 0;
  dropped = 0;
  readonly droppedByReason = new Map<string, number>();

  countAccepted(): void {
    this.accepted++;
  }

  countDropped(drop: DroppedInput): void {
    this.dropped++;
    this.droppedByReason.set(drop.reason, (this.droppedByReason.get(drop.reason) ?? 0) + 1);
  }
}
