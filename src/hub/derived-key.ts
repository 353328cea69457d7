// Secrets every hub of one installation can compute on its own: each holds the hub's key, so a
// value one hub authenticates with such a secret (a session token) is checked by any other, and
// after a restart, with nothing shared to look up. The purpose label keeps a secret to one use:
// a session token's MAC is never valid as anything else. The origin is the salt, so that a hub key
// reused under another origin derives other secrets.
import { hkdfSync, type KeyObject } from 'node:crypto';
import { seedOf } from '../record/index.js';

export function derivedHubKey(hubKey: KeyObject, origin: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', seedOf(hubKey), origin, purpose, 32));
}
