import type { Entry } from '../record/index.js';
import type { UsedNonce } from '../store/store.js';
import type { SignedCommand } from './signed-command.js';

/** How far a signed command's time may be from the hub's. */
export const FRESHNESS_MS = 5 * 60 * 1000;

/**
 * Nonces seen within the freshness window. A command older than the window is refused by its time,
 * so a nonce need only be remembered until its command's time plus the window.
 */
export class NonceWindow {
  private readonly seen = new Map<string, number>();

  static expiry(commandTime: number): number {
    return commandTime + FRESHNESS_MS;
  }

  /** A signed command's (or login's) nonce, remembered until its window closes. */
  static ofCommand(signed: SignedCommand): UsedNonce {
    return {
      key: signed.key,
      nonce: String(signed.command.nonce),
      expiresAt: NonceWindow.expiry(Date.parse(String(signed.command.time))),
    };
  }

  has(key: string, nonce: string): boolean {
    return this.seen.has(`${key} ${nonce}`);
  }

  add(used: UsedNonce): void {
    this.seen.set(`${used.key} ${used.nonce}`, used.expiresAt);
  }

  /** Remembers an operator's command nonce from the record, if its window is still open at `now`. */
  addFromEntry(entry: Entry, now: number): void {
    if (!('operator' in entry.author)) return;
    const expiresAt = NonceWindow.expiry(Date.parse(String(entry.command.time)));
    if (expiresAt > now) this.add({ key: entry.author.key, nonce: String(entry.command.nonce), expiresAt });
  }

  /** The nonces still remembered at `now`, e.g. for a snapshot a later start resumes from. */
  live(now: number): UsedNonce[] {
    const live: UsedNonce[] = [];
    for (const [id, expiresAt] of this.seen) {
      const space = id.indexOf(' ');
      if (expiresAt > now) live.push({ key: id.slice(0, space), nonce: id.slice(space + 1), expiresAt });
    }
    return live;
  }

  prune(now: number): void {
    for (const [id, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(id);
  }
}
