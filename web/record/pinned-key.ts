// The hub's key, pinned in this browser the first time it signs in to the hub: a hub that later shows
// another key under the same origin (a replaced server, a forged one) is refused, since every check of
// the record rests on that key. Its fingerprint is short enough to read out over a telephone.
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { browserStore } from '../keys/browser-store.js';
import { CheckpointFailure } from './checkpoint-check.js';

export interface PinnedKey {
  verifierKey: string;
  /** When this browser first saw it, ms since the epoch. */
  pinnedAt: number;
}

/** SHA-256 of the verifier key's text, its first 16 bytes in groups of four hex digits. */
export async function keyFingerprint(verifierKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifierKey)));
  const hex = Array.from(digest.slice(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)?.join(' ') ?? hex;
}

/** Pins `verifierKey` for its origin if nothing is pinned yet; refuses one that differs from the pin. */
export async function pinHubKey(origin: string, verifierKey: string): Promise<PinnedKey> {
  const name = `pinned-key:${origin}`;
  const pinned = await browserStore.get<PinnedKey>(name);
  if (pinned && pinned.verifierKey !== verifierKey)
    throw new CheckpointFailure(
      t('hubKeyChanged', {
        fingerprint: await keyFingerprint(pinned.verifierKey),
        time: formatTime(pinned.pinnedAt),
      }),
    );
  if (pinned) return pinned;
  const pin = { verifierKey, pinnedAt: Date.now() };
  await browserStore.put(name, pin);
  return pin;
}
