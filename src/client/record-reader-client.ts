// An outsider's view of a hub's record: an auditor, a witness's operator, an inquiry. It reads the
// routes that disclose only sizes and hashes; where the hub lets only the readers it names read
// them, it signs the hub's challenge with a named key and reads with the token it is given.
import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readerChallengeMessage } from '../api/record-readers.js';
import { rawPublicKey } from '../record/index.js';
import { HubRefusal } from './hub-refusal.js';
import type { RecordRoutes } from './record-routes.js';

/** An Ed25519 key the hub names as a record reader, read from a PKCS#8 PEM file. */
export class RecordReaderKey {
  readonly publicKey: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = Buffer.from(rawPublicKey(createPublicKey(privateKey))).toString('base64');
  }

  static fromFile(path: string): RecordReaderKey {
    const key = createPrivateKey(readFileSync(path));
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`${path}: not an Ed25519 private key (write one with \`deconflict keygen\`)`);
    return new RecordReaderKey(key);
  }

  /** The signature over the hub's challenge, naming the hub so that it opens no other. */
  signChallenge(origin: string, challenge: string): string {
    return sign(null, readerChallengeMessage(origin, challenge), this.privateKey).toString('base64');
  }
}

export class RecordReaderClient implements RecordRoutes {
  private token: string | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly key: RecordReaderKey | null = null,
  ) {}

  async verifierKey(): Promise<string> {
    return (await this.read('/v1/record/key', (response) => response.text())).trim();
  }

  async get<T>(path: string): Promise<T> {
    return this.read(path, async (response) => (await response.json()) as T);
  }

  async getText(path: string): Promise<string> {
    return this.read(path, (response) => response.text());
  }

  async getBytes(path: string): Promise<Uint8Array> {
    return this.read(path, async (response) => new Uint8Array(await response.arrayBuffer()));
  }

  /** Reads without a token until the hub asks for one; a reader token expires, so a 401 signs in anew. */
  private async read<T>(path: string, body: (response: Response) => Promise<T>): Promise<T> {
    let response = await this.fetch(path);
    if (response.status === 401 && this.key) {
      this.token = await this.signIn(this.key);
      response = await this.fetch(path);
    }
    if (response.ok) return body(response);
    const problem = (await response.json().catch(() => ({}))) as HubRefusal['problem'];
    if (response.status === 401 && !this.key) {
      throw new HubRefusal(401, {
        ...problem,
        detail:
          'this hub lets only the readers it names read its record: give --reader-key with a key it names, or --key as one of its operators',
      });
    }
    throw new HubRefusal(response.status, problem);
  }

  private fetch(path: string): Promise<Response> {
    return fetch(new URL(path, this.baseUrl), {
      headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
    });
  }

  private async signIn(key: RecordReaderKey): Promise<string> {
    const origin = (await this.verifierKey()).split('+')[0] as string;
    const { challenge } = await this.post<{ challenge: string }>('/v1/record/readers/challenge', undefined);
    const { token } = await this.post<{ token: string }>('/v1/record/readers/sessions', {
      public_key: key.publicKey,
      challenge,
      signature: key.signChallenge(origin, challenge),
    });
    return token;
  }

  private async post<T>(path: string, json: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      ...(json === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
    });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new HubRefusal(response.status, payload as HubRefusal['problem']);
    return payload as T;
  }
}
