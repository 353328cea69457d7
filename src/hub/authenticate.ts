import { FRESHNESS_MS } from './nonce-window.js';
import { problems } from './problem.js';
import type { SignedCommand } from './signed-command.js';
import type { HubState, Operator, OperatorKey } from './state.js';

export interface Authenticated {
  operator: Operator;
  key: OperatorKey;
}

/** Operators' raw public keys by key id, decoded once. */
export class PublicKeys {
  private readonly cache = new Map<string, Uint8Array>();

  get(key: OperatorKey): Uint8Array {
    let raw = this.cache.get(key.id);
    if (!raw) {
      raw = new Uint8Array(Buffer.from(key.publicKey, 'base64'));
      this.cache.set(key.id, raw);
    }
    return raw;
  }
}

/** The active key's holder, or a 401 saying why not. */
export function activeKeyHolder(state: HubState, keyId: string): Authenticated {
  const holder = state.keyHolder(keyId);
  if (!holder) throw problems.unauthenticated(`no operator holds key ${keyId}`, '/key');
  if (holder.key.status !== 'active')
    throw problems.unauthenticated(`key ${keyId} was ${holder.key.status}`, '/key');
  return holder;
}

/** A signed command's author as claimed, with what its signature must be checked over. */
export interface Claim extends Authenticated {
  publicKey: Uint8Array;
  /** The RFC 8785 canonical JSON of the command: what the signature covers. */
  message: Uint8Array;
}

/**
 * Everything about a signed command that holds without checking the signature: the key is an
 * active operator's, the command names this hub, and it was signed within 5 minutes of the hub's time.
 */
export function claimedAuthor(
  state: HubState,
  keys: PublicKeys,
  signed: SignedCommand,
  message: Uint8Array,
  origin: string,
  now: number,
): Claim {
  const holder = activeKeyHolder(state, signed.key);
  checkSignedFor(signed, origin, now);
  return { ...holder, publicKey: keys.get(holder.key), message };
}

/** The command names this hub and was signed within 5 minutes of the hub's time. */
export function checkSignedFor(signed: SignedCommand, origin: string, now: number): void {
  if (signed.command.hub !== origin) {
    throw problems.unauthenticated(
      `signed for hub ${String(signed.command.hub)}, this is ${origin}`,
      '/command/hub',
    );
  }
  const time = Date.parse(String(signed.command.time));
  if (!Number.isFinite(time) || Math.abs(time - now) > FRESHNESS_MS) {
    throw problems.unauthenticated(
      `signed at ${String(signed.command.time)}, more than 5 minutes from the hub’s time ${new Date(now).toISOString()}`,
      '/command/time',
    );
  }
}

export function badSignature() {
  return problems.unauthenticated('the signature does not verify with this key over the canonical command');
}
