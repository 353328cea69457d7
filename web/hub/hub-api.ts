// The signed-in operator's line to the hub over HTTP: a session opened by a signed login (and opened
// again when it lapses), reads with its bearer token, and commands signed in this browser.
import { signCommand } from '../keys/command-signer.js';
import type { OperatorKey } from '../keys/operator-key.js';
import { HubLink } from './hub-link.js';
import type { Problem, Session } from './views.js';

/** A refusal from the hub, as RFC 9457 problem+json. */
export class HubProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${problem.title ?? status}: ${problem.detail ?? ''}`);
  }

  get isUnacknowledgedConflicts(): boolean {
    return this.problem.type?.endsWith('/unacknowledged-conflicts') ?? false;
  }
}

/**
 * The hub did not answer: the request may or may not have reached it. A command sent again as the
 * same signed bytes is safe, since the hub refuses a nonce it has already recorded.
 */
export class HubUnreachable extends Error {
  constructor() {
    super('the hub did not answer');
  }
}

/** A hub that has not answered by then is treated as out of reach; a command may then be sent again. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface Accepted {
  index: number;
  size: number;
  checkpoint: string;
}

async function answer<T>(response: Response): Promise<T> {
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new HubProblem(response.status, typeof body === 'object' ? body : { detail: body });
  return body as T;
}

/** The hub's C2SP verifier key (`<origin>+<key id>+<key>`): its name is the origin commands must name. */
export async function fetchVerifierKey(): Promise<string> {
  return (await answer<string>(await fetch('/v1/record/key'))).trim();
}

/** A command signed once, which may be sent again after the hub did not answer. */
export interface SignedSubmission {
  /**
   * Resolves once the command is durable; with 'recorded-before' when an earlier attempt that got no
   * answer turns out to have reached the hub (it refuses the same nonce twice).
   */
  send(): Promise<Accepted | 'recorded-before'>;
}

export class HubApi {
  /** Whether the page is in touch with the hub: every request that finds none says so here. */
  readonly link = new HubLink();

  private constructor(
    readonly key: OperatorKey,
    readonly verifierKey: string,
    private session: Session,
  ) {}

  get origin(): string {
    return this.verifierKey.split('+')[0] as string;
  }

  get operator(): string {
    return this.session.operator;
  }

  get party(): string {
    return this.session.party;
  }

  get token(): string {
    return this.session.token;
  }

  static async signIn(key: OperatorKey): Promise<HubApi> {
    const verifierKey = await fetchVerifierKey();
    return new HubApi(key, verifierKey, await HubApi.login(key, verifierKey.split('+')[0] as string));
  }

  private static async login(key: OperatorKey, origin: string): Promise<Session> {
    return answer<Session>(await fetch('/v1/sessions', json(await signCommand(key, origin, 'login'))));
  }

  /** Opens a new session: tokens lapse after a quarter of an hour. */
  async renew(): Promise<void> {
    this.session = await HubApi.login(this.key, this.origin);
  }

  /** fetch, with a network failure or no answer in time turned into HubUnreachable, told to the link. */
  private async reach(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch {
      this.link.unanswer();
      throw new HubUnreachable();
    }
    this.link.answered();
    return response;
  }

  async get<T>(path: string): Promise<T> {
    const read = () => this.reach(path, { headers: { authorization: `Bearer ${this.session.token}` } });
    let response = await read();
    if (response.status === 401) {
      await this.renew();
      response = await read();
    }
    return answer<T>(response);
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

  /** Signs `type` with `fields` here and submits it; resolves once it is durable in the record. */
  async submit(type: string, fields: Record<string, unknown>): Promise<Accepted> {
    // A first attempt has nothing recorded before it.
    return (await (await this.sign(type, fields)).send()) as Accepted;
  }

  /** Signs `type` with `fields` once, to be sent (and sent again, unchanged) with `send`. */
  async sign(type: string, fields: Record<string, unknown>): Promise<SignedSubmission> {
    const signed = await signCommand(this.key, this.origin, type, fields);
    let unanswered = false;
    return {
      send: async () => {
        try {
          return await answer<Accepted>(await this.reach('/v1/commands', json(signed)));
        } catch (error) {
          if (error instanceof HubUnreachable) unanswered = true;
          else if (unanswered && error instanceof HubProblem && error.problem.type?.endsWith('/replayed'))
            return 'recorded-before';
          throw error;
        }
      },
    };
  }
}

function json(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
