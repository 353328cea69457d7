import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { operatorKeyId } from '../hub/operator-key.js';
import type { SignedCommand } from '../hub/signed-command.js';
import { canonicalBytes, rawPublicKey } from '../record/index.js';

/** An operator's Ed25519 key, signing commands for one hub. */
export class OperatorSigner {
  readonly keyId: string;
  readonly publicKey: string;

  constructor(private readonly privateKey: KeyObject) {
    const raw = rawPublicKey(createPublicKey(privateKey));
    this.publicKey = Buffer.from(raw).toString('base64');
    this.keyId = operatorKeyId(raw);
  }

  static generate(): OperatorSigner {
    return new OperatorSigner(generateKeyPairSync('ed25519').privateKey);
  }

  /** Reads a PKCS#8 PEM private key file, as written by `deconflict keygen`. */
  static fromFile(path: string): OperatorSigner {
    return new OperatorSigner(createPrivateKey(readFileSync(path)));
  }

  /** Writes the private key as PKCS#8 PEM, readable by its owner only. */
  save(path: string): void {
    writeFileSync(path, this.privateKey.export({ format: 'pem', type: 'pkcs8' }), {
      mode: 0o600,
      flag: 'wx',
    });
  }

  /** A signed command for `hub`, with a fresh nonce and the current time. */
  command(hub: string, type: string, fields: Record<string, unknown> = {}, now = Date.now()): SignedCommand {
    const command = {
      ...fields,
      type,
      hub,
      nonce: randomBytes(16).toString('base64url'),
      time: new Date(now).toISOString(),
    };
    return this.sign(command);
  }

  /** Signs a command exactly as given (tests use this to send odd ones). */
  sign(command: SignedCommand['command']): SignedCommand {
    return {
      command,
      key: this.keyId,
      signature: sign(null, canonicalBytes(command), this.privateKey).toString('base64'),
    };
  }
}
