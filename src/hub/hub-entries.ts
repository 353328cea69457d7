// The entries the hub writes in its own name (its founding, the consequences of commands, what the
// passing of time made due), signed with its key, and the salt every entry carries.
import { randomBytes } from 'node:crypto';
import { canonicalBytes, type Entry, type NoteSigner } from '../record/index.js';
import type { HubConsequence } from './commands/handler.js';
import { Salts } from './salts.js';

export class HubEntries {
  private readonly salts = new Salts();

  constructor(
    private readonly origin: string,
    private readonly signer: NoteSigner,
  ) {}

  /** A fresh salt, so that an entry a party may not read cannot be guessed from its leaf hash. */
  salt(): string {
    return this.salts.next();
  }

  /**
   * The entry of a command the hub signs itself, written at `now`: like an operator's command, it
   * names the hub, a nonce and the time.
   */
  signedByHub({ command, visibility }: HubConsequence, now: number): Entry {
    const { type, ...fields } = command;
    const stamped = {
      type,
      hub: this.origin,
      nonce: randomBytes(16).toString('base64url'),
      time: new Date(now).toISOString(),
      ...fields,
    };
    return {
      v: 1,
      kind: type,
      time: stamped.time,
      author: { hub: this.origin, key: this.signer.keyId.toString(16).padStart(8, '0') },
      command: stamped,
      signature: Buffer.from(this.signer.sign(canonicalBytes(stamped))).toString('base64'),
      visibility,
      salt: this.salt(),
    };
  }
}
