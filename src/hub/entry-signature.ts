import { canonicalBytes, type Entry, parseVerifierKey } from '../record/index.js';
import { verifySignature } from './operator-key.js';
import type { HubState } from './state.js';

/**
 * Why an entry's signature does not hold against the state just before it, or null if it does:
 * an operator's entry must be signed by a key that was then active and is that operator's; the
 * hub's own entries by the hub's key.
 */
export function entrySignatureFault(state: HubState, entry: Entry): string | null {
  const data = canonicalBytes(entry.command);
  if ('hub' in entry.author) {
    const verifierKey =
      entry.kind === 'hub.genesis' ? String(entry.command.verifier_key) : state.identity?.verifierKey;
    if (!verifierKey) return 'signed by a hub before the hub was founded';
    const parsed = parseVerifierKey(verifierKey);
    return verifySignature(parsed.publicKey, data, entry.signature)
      ? null
      : 'the hub’s signature does not verify';
  }
  const holder = state.keyHolder(entry.author.key);
  if (
    !holder ||
    holder.operator.id !== entry.author.operator ||
    holder.operator.party !== entry.author.party
  ) {
    return `key ${entry.author.key} is not ${entry.author.operator}’s`;
  }
  if (holder.key.status !== 'active') return `key ${entry.author.key} was ${holder.key.status}`;
  return verifySignature(Buffer.from(holder.key.publicKey, 'base64'), data, entry.signature)
    ? null
    : 'the operator’s signature does not verify';
}
