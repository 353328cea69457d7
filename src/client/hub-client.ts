import type { Language } from '../hotline/templates.js';
import { HubRefusal } from './hub-refusal.js';
import type {
  AgreementView,
  ConflictFilter,
  ConflictView,
  DeclarationFilter,
  DeclarationListing,
  EntryEvent,
  IncidentView,
  MessageFilter,
  MessageView,
  RefusedSenderView,
} from './hub-views.js';
import type { OperatorSigner } from './operator-signer.js';
import { serverSentEvents } from './server-sent-events.js';

interface Session {
  token: string;
  operator: string;
  party: string;
  role: string;
}

export interface Accepted {
  index: number;
  size: number;
  checkpoint: string;
}

/** A signed-in operator's view of one hub over HTTP. */
export class HubClient {
  private session: Session | null = null;
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

  async login(): Promise<Session> {
    this.session = await this.request<Session>(
      'POST',
      '/v1/sessions',
      this.signer.command(await this.hubOrigin(), 'login'),
      false,
    );
    return this.session;
  }

  /** The signing operator's party, as the hub knows it. */
  async party(): Promise<string> {
    return (this.session ?? (await this.login())).party;
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

  /**
   * Reports positions of the party's own assets through one of its feeds of kind api (`<party>/<name>`);
   * signs in again once if the session has lapsed.
   */
  async reportTracks(
    feed: string,
    reports: readonly object[],
  ): Promise<{ accepted: number; dropped: { index: number; reason: string }[] }> {
    const path = `/v1/feeds/${feed}/reports`;
    if (!this.session) await this.login();
    try {
      return await this.request('POST', path, { reports }, true);
    } catch (error) {
      if (!(error instanceof HubRefusal && error.status === 401)) throw error;
      await this.login();
      return this.request('POST', path, { reports }, true);
    }
  }

  async get<T>(path: string): Promise<T> {
    if (!this.session) await this.login();
    return this.request<T>('GET', path, undefined, true);
  }

  /** Every item of a paged list: each page names the next until the last. */
  async getAll<T>(path: string, field: string): Promise<T[]> {
    const items: T[] = [];
    for (let next: string | undefined = path; next !== undefined; ) {
      const page: Record<string, unknown> & { next?: string } = await this.get(next);
      items.push(...((page[field] as T[] | undefined) ?? []));
      next = page.next;
    }
    return items;
  }

  /** Declarations the operator's party may see. */
  async declarations(
    filter: DeclarationFilter,
  ): Promise<{ declarations: DeclarationListing[]; truncated?: boolean }> {
    return this.get(withQuery('/v1/declarations', { ...filter }));
  }

  /** The same as GeoJSON (RFC 7946) or KML; `more` when the hub has further pages than this one. */
  async declarationsAs(
    format: 'geojson' | 'kml',
    filter: DeclarationFilter,
  ): Promise<{ text: string; more: boolean }> {
    return this.raw(withQuery('/v1/declarations', { ...filter, format }), async (response) => ({
      text: await response.text(),
      more: response.headers.has('link'),
    }));
  }

  /** Conflicts involving declarations the operator's party may see. */
  async conflicts(filter: ConflictFilter): Promise<{ conflicts: ConflictView[] }> {
    return { conflicts: await this.getAll(withQuery('/v1/conflicts', { ...filter }), 'conflicts') };
  }

  /** The agreements the operator's party is party to, by id. */
  async agreements(): Promise<AgreementView[]> {
    return this.getAll('/v1/agreements', 'agreements');
  }

  /** One agreement, `<party>/<name>`. */
  async agreement(id: string): Promise<AgreementView> {
    return this.get(`/v1/agreements/${id.split('/').map(encodeURIComponent).join('/')}`);
  }

  /** Hotline messages sent by or to the operator's party, newest first. */
  async messages(filter: MessageFilter): Promise<{ messages: MessageView[] }> {
    return this.get(withQuery('/v1/messages', { ...filter, waiting: filter.waiting ? 'true' : undefined }));
  }

  /** Senders refused for going over their limit, to or from the operator's party. */
  async refused(): Promise<{ refused: RefusedSenderView[] }> {
    return this.get('/v1/hotline/refused');
  }

  /** One message, `<party>/<name>`, with the deliveries the operator's party may see. */
  async message(id: string, lang?: Language): Promise<MessageView> {
    const path = id.split('/').map(encodeURIComponent).join('/');
    return this.get(withQuery(`/v1/messages/${path}`, { lang }));
  }

  /** Incidents the operator's party may see, newest first, without their links. */
  async incidents(): Promise<{ incidents: IncidentView[] }> {
    return { incidents: await this.getAll('/v1/incidents', 'incidents') };
  }

  /** One incident, with every entry the hub linked to it for the operator's party. */
  async incident(id: string): Promise<IncidentView> {
    const path = `/v1/incidents/${encodeURIComponent(id)}`;
    const first = await this.get<IncidentView & { next?: string }>(path);
    const links = [...(first.links ?? [])];
    for (let next = first.next; next !== undefined; ) {
      const page: IncidentView & { next?: string } = await this.get(next);
      links.push(...(page.links ?? []));
      next = page.next;
    }
    const { next: _next, ...view } = first;
    return { ...view, links };
  }

  /**
   * Entries the operator's party may read, as the hub commits them (GET /v1/events): every one after
   * `after` first, or only those from now on when it is null. Ends when the hub ends the stream, as
   * it does when the session ends.
   */
  async *entryEvents(after: number | null): AsyncGenerator<EntryEvent> {
    const body = await this.raw(
      after === null ? '/v1/events' : `/v1/events?after=${after}`,
      async (r) => r.body,
    );
    if (!body) return;
    for await (const event of serverSentEvents(body)) {
      const data = JSON.parse(event.data) as EntryEvent;
      yield event.event === 'damaged' ? { index: data.index, damaged: true } : data;
    }
  }

  async getText(path: string): Promise<string> {
    return this.raw(path, (response) => response.text());
  }

  async getBytes(path: string): Promise<Uint8Array> {
    return this.raw(path, async (response) => new Uint8Array(await response.arrayBuffer()));
  }

  private async raw<T>(path: string, read: (response: Response) => Promise<T>): Promise<T> {
    const { token } = this.session ?? (await this.login());
    const response = await fetch(new URL(path, this.baseUrl), {
      headers: { authorization: `Bearer ${token}` },
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
    if (authenticated && this.session) headers.authorization = `Bearer ${this.session.token}`;
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
