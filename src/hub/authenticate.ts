import { canonicalBytes } from '../record/index.js';
import { FRESHNESS_MS } from './nonce-window.js';
import { verifySignature } from './operator-key.js';
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

/**
 * Who signed a command, once the signature, the hub it names and its time all hold.
 * The signature covers the RFC 8785 canonical JSON of the command.
 */
export function authenticate(
  state: HubState,
  keys: PublicKeys,
  signed: SignedCommand,
  origin: string,
  now: number,
): Authenticated {
  const holder = activeKeyHolder(state, signed.key);
  if (!verifySignature(keys.get(holder.key), canonicalBytes(signed.command), signed.signature)) {
    throw problems.unauthenticated('the signature does not verify with this key over the canonical command');
  }
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
  return holder;
}
