// Those told of every commit, in the writer: streams, gateways, dispatchers. Each must be quick; one
// that throws is cut off (told so, that it may close what it serves, and reported), so that no
// listener can stop the writer or starve the others.
import type { Entry } from '../record/index.js';

export interface CommittedEntry {
  index: number;
  entry: Entry;
  bytes: Uint8Array;
}

export interface Subscriber {
  /** Names it in logs and metrics. */
  name: string;
  entries(committed: CommittedEntry[]): void;
  /** Told once, after it has been cut off, so that it can close what it serves. */
  cutOff?(error: Error): void;
  /**
   * The hub rebuilt its state from the record (it had taken in a batch never committed): what was
   * derived from the state is derived again. Nothing it was told of is taken back: it was committed.
   */
  rebuilt?(): void;
}

export class Subscribers {
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly onFailure?: (subscriber: string, error: Error) => void) {}

  add(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  publish(committed: CommittedEntry[]): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber.entries(committed);
      } catch (error) {
        this.cutOff(subscriber, error as Error);
      }
    }
  }

  rebuilt(): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber.rebuilt?.();
      } catch (error) {
        this.cutOff(subscriber, error as Error);
      }
    }
  }

  private cutOff(subscriber: Subscriber, error: Error): void {
    this.subscribers.delete(subscriber);
    this.onFailure?.(subscriber.name, error);
    try {
      subscriber.cutOff?.(error);
    } catch (closing) {
      this.onFailure?.(subscriber.name, closing as Error);
    }
  }
}
