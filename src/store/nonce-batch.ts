import type { UsedNonce } from './store.js';

interface Waiting {
  used: UsedNonce;
  resolve(fresh: boolean): void;
  reject(error: Error): void;
}

/**
 * Sign-ins' nonces burnt together: those that arrive in one turn of the event loop are written in
 * one transaction, one sync to disk, rather than a sync each. Ten thousand officers signing in again
 * after a restart would otherwise hold an embedded database's single thread for ten thousand syncs,
 * deaf to everything else. Each is answered once the transaction that wrote it is durable.
 */
export class NonceBatch {
  private waiting: Waiting[] = [];

  /** `write` stores a batch in one durable transaction: for each nonce, whether it was fresh. */
  constructor(private readonly write: (batch: UsedNonce[]) => boolean[]) {}

  use(used: UsedNonce): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ used, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    let fresh: boolean[];
    try {
      fresh = this.write(batch.map(({ used }) => used));
    } catch (error) {
      for (const { reject } of batch) reject(error as Error);
      return;
    }
    for (const [i, { resolve }] of batch.entries()) resolve(fresh[i] === true);
  }
}
