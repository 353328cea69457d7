// Every command leaves the browser signed here: RFC 8785 canonical JSON (the hub's own
// canonicaliser, bundled) signed with the operator's Ed25519 key through WebCrypto.
import { canonicalBytes } from '../../src/record/canonical-json.js';
import { toBase64, toBase64Url } from './base64.js';
import type { OperatorKey } from './operator-key.js';

export interface SignedCommand {
  command: Record<string, unknown> & { type: string };
  key: string;
  signature: string;
}

export async function signCommand(
  key: OperatorKey,
  hubOrigin: string,
  type: string,
  fields: Record<string, unknown> = {},
): Promise<SignedCommand> {
  const command = {
    ...fields,
    type,
    hub: hubOrigin,
    nonce: toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
    time: new Date().toISOString(),
  };
  const bytes = new Uint8Array(canonicalBytes(command));
  const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', key.privateKey, bytes));
  return { command, key: key.keyId, signature: toBase64(signature) };
}
