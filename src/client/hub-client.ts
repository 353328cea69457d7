import type { OperatorSigner } from './operator-signer.js';

/** An RFC 9457 answer from the hub, thrown by HubClient. */
export class HubRefusal extends Error {
  override name = 'HubRefusal';
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { field: string; reason: string }[] },
  ) {
    super(
      `${status} ${problem.title ?? ''}: ${problem.detail ?? ''}${
        problem.errors?.length ? ` (${problem.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')})` : ''
      }`,
    );
  }
}

export interface Accepted {
  index: number;
  size: number;
  checkpoint: string;
}

/** A signed-in operator's view of one hub over HTTP. */
export class HubClient {
  private token: string | null = null;
  private origin: string | null = null;

  constructor(
    readonly baseUrl: string,
    readonly signer: OperatorSigner,
  ) {}

  /** The hub's C2SP verifier key; its name is the hub's origin, which every command must name. */
  async verifierKey(): Promise<string> {
    const response = await fetch(new URL('/v1/record/key', this.baseUrl));
    if (!response.ok) throw new HubRefusal(response.status, (await response.json()) as HubRefusal['problem']);
    return (await response.text()).trim();
  }

  async hubOrigin(): Promise<string> {
    this.origin ??= (await this.verifierKey()).split('+')[0] as string;
    return this.origin;
  }

  async login(): Promise<{ token: string; operator: string; party: string; role: string }> {
    const session = await this.request<{ token: string; operator: string; party: string; role: string }>(
      'POST',
      '/v1/sessions',
      this.signer.command(await this.hubOrigin(), 'login'),
      false,
    );
    this.token = session.token;
    return session;
  }

  /** Signs and submits a command; resolves once it is durable in the record. */
  async submit(type: string, fields: Record<string, unknown>): Promise<Accepted> {
    return this.request<Accepted>(
      'POST',
      '/v1/commands',
      this.signer.command(await this.hubOrigin(), type, fields),
      false,
    );
  }

  async get<T>(path: string): Promise<T> {
    if (!this.token) await this.login();
    return this.request<T>('GET', path, undefined, true);
  }

  async getText(path: string): Promise<string> {
    return this.raw(path, (response) => response.text());
  }

  async getBytes(path: string): Promise<Uint8Array> {
    return this.raw(path, async (response) => new Uint8Array(await response.arrayBuffer()));
  }

  private async raw<T>(path: string, read: (response: Response) => Promise<T>): Promise<T> {
    if (!this.token) await this.login();
    const response = await fetch(new URL(path, this.baseUrl), {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok)
      throw new HubRefusal(
        response.status,
        (await response.json().catch(() => ({}))) as HubRefusal['problem'],
      );
    return read(response);
  }

  private async request<T>(method: string, path: string, body: unknown, authenticated: boolean): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authenticated && this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new HubRefusal(response.status, payload as HubRefusal['problem']);
    return payload as T;
  }
}
