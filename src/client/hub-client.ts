import type { OperatorSigner } from './operator-signer.js';

/** One side of a conflict: what a party may see of it, and whom to call about it in any case. */
export interface ConflictSideView {
  id: string;
  version: number;
  party: string;
  roster: string;
  /** Only where the viewer may see the declaration. */
  kind?: string;
  title?: string;
}

interface Overlap {
  start: string;
  end: string;
}

/** A conflict as the hub shows it to one party: the measures only if it may see both declarations. */
export interface ConflictView {
  /** The declaration that found it, then the one it was found against. */
  declarations: [ConflictSideView, ConflictSideView];
  /** West, south, east, north, in 0.25° cells. */
  area: [number, number, number, number][];
  /** Whole hours. */
  hours: { from: string; until: string };
  overlap?: Overlap | null;
  horizontal_distance_m?: number;
  vertical_gap_m?: number;
  time_gap_s?: number;
  /** Set once recorded (not in a refusal). */
  found_at?: string;
  entry?: number;
  current?: boolean;
}

export interface DeclarationListing {
  id: string;
  version: number;
  kind: string;
  party: string;
  status: string;
  visibility: string[];
  valid_from: string;
  valid_until: string;
  since: string;
  entry: number;
  roster: string;
  declaration: { title: string } & Record<string, unknown>;
}

export interface DeclarationFilter {
  kind?: string;
  /** West, south, east, north, as the hub reads it. */
  bbox?: string;
  from?: string;
  until?: string;
  status: 'live' | 'all';
}

export interface ConflictFilter {
  declaration?: string;
  party?: string;
  from?: string;
  until?: string;
  status: 'current' | 'all';
}

/** An RFC 9457 answer from the hub, thrown by HubClient. */
export class HubRefusal extends Error {
  override name = 'HubRefusal';
  constructor(
    readonly status: number,
    readonly problem: {
      type?: string;
      title?: string;
      detail?: string;
      errors?: { field: string; reason: string }[];
      conflicts?: ConflictView[];
      /** With unacknowledged-conflicts: the entry recording what the submitter was told. */
      recorded_at?: number;
    },
  ) {
    super(
      `${status} ${problem.title ?? ''}: ${problem.detail ?? ''}${
        problem.errors?.length ? ` (${problem.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')})` : ''
      }`,
    );
  }

  /** The conflicts a submit or amend did not name in its key, if that is why it was refused. */
  unacknowledgedConflicts(): ConflictView[] | null {
    return this.problem.type?.endsWith('/unacknowledged-conflicts') ? (this.problem.conflicts ?? []) : null;
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

  /** Declarations the operator's party may see. */
  async declarations(
    filter: DeclarationFilter,
  ): Promise<{ declarations: DeclarationListing[]; truncated?: boolean }> {
    return this.get(withQuery('/v1/declarations', { ...filter }));
  }

  /** Conflicts involving declarations the operator's party may see. */
  async conflicts(filter: ConflictFilter): Promise<{ conflicts: ConflictView[] }> {
    return this.get(withQuery('/v1/conflicts', { ...filter }));
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

/** A path with the given query parameters, leaving out those not set. */
function withQuery(path: string, parameters: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) query.set(name, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
