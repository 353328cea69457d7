import assert from 'node:assert/strict';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import { decodeBase64, noteVerifier, openCheckpoint } from '../../src/record/index.js';

/** Longer than any request of the tests takes on a loaded machine, shorter than a suite's timeout. */
const REQUEST_TIMEOUT_MS = 60_000;

/** One HTTP answer, read whole. */
export interface Reply {
  status: number;
  contentType: string;
  /** Every header of the answer, such as Retry-After (absent on replies a test puts together itself). */
  headers?: Headers;
  text: string;
  /** The parsed JSON body, or undefined if it is not JSON. */
  body: unknown;
}

export interface RequestOptions {
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as is; set the content type in `headers`. */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  token?: string;
}

export async function request(
  base: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Uint8Array | undefined;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    body = options.raw;
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    // A hub that never answers fails the test here, naming the request, not at the suite's timeout.
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).catch((error: Error) => {
    // undici says only "fetch failed"; what failed (refused, reset, timed out) is in the cause.
    throw new Error(`${method} ${base}${path}: ${error.message}: ${String(error.cause)}`, { cause: error });
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    headers: response.headers,
    text,
    body: parsed,
  };
}

export const get = (base: string, path: string, token?: string) =>
  request(base, 'GET', path, token ? { token } : {});

export const postCommand = (base: string, signed: SignedCommand | unknown) =>
  request(base, 'POST', '/v1/commands', { json: signed });

export const postSession = (base: string, signed: SignedCommand | unknown) =>
  request(base, 'POST', '/v1/sessions', { json: signed });

/** Signs a command for `origin` with a fresh nonce and the current (or given) time. */
export function signCommand(
  signer: OperatorSigner,
  origin: string,
  type: string,
  fields: Record<string, unknown> = {},
  now?: number,
): SignedCommand {
  return signer.command(origin, type, fields, now);
}

/** Signs and submits a command; the reply as is. */
export function submit(
  base: string,
  origin: string,
  signer: OperatorSigner,
  type: string,
  fields: Record<string, unknown>,
): Promise<Reply> {
  return postCommand(base, signCommand(signer, origin, type, fields));
}

/** Signs and submits a command that must be accepted; returns its entry index and checkpoint. */
export async function accept(
  base: string,
  origin: string,
  signer: OperatorSigner,
  type: string,
  fields: Record<string, unknown>,
): Promise<{ index: number; size: number; checkpoint: string }> {
  const reply = await submit(base, origin, signer, type, fields);
  assert.equal(reply.status, 201, `${type} refused: ${reply.text}`);
  return reply.body as { index: number; size: number; checkpoint: string };
}

/** Signs in and returns the bearer token. */
export async function login(base: string, origin: string, signer: OperatorSigner): Promise<string> {
  const reply = await postSession(base, signCommand(signer, origin, 'login'));
  assert.equal(reply.status, 201, `login refused: ${reply.text}`);
  return (reply.body as { token: string }).token;
}

/** Asserts an RFC 9457 problem: the media type, the four members, the status, and optionally the slug. */
export function assertProblem(reply: Reply, status?: number, type?: string): void {
  const where = `${reply.status} ${reply.text.slice(0, 300)}`;
  assert.ok(reply.status >= 400 && reply.status < 500, `expected a 4xx, got ${where}`);
  if (status !== undefined) assert.equal(reply.status, status, where);
  assert.match(
    reply.contentType,
    /^application\/problem\+json/,
    `not problem+json: ${reply.contentType} ${where}`,
  );
  const body = reply.body as Record<string, unknown> | undefined;
  assert.ok(body && typeof body === 'object', `problem body is not JSON: ${where}`);
  assert.equal(typeof body.type, 'string', where);
  assert.equal(typeof body.title, 'string', where);
  assert.equal(typeof body.detail, 'string', where);
  assert.equal(body.status, reply.status, where);
  if (type !== undefined)
    assert.ok(String(body.type).endsWith(`/${type}`), `type ${String(body.type)} is not ${type}`);
}

/** The fields a problem names, from its `errors` list. */
export function problemFields(reply: Reply): string[] {
  const errors = (reply.body as { errors?: { field: string }[] } | undefined)?.errors ?? [];
  return errors.map((error) => error.field);
}

export interface RecordView {
  /** Size from /healthz. */
  healthSize: number;
  size: number;
  root: string;
  checkpoint: string;
}

/** The record's size and root as the hub reports them: /healthz and the verified latest checkpoint. */
export async function recordView(base: string, token: string): Promise<RecordView> {
  const [health, checkpoint, key] = await Promise.all([
    get(base, '/healthz'),
    get(base, '/v1/record/checkpoint', token),
    get(base, '/v1/record/key'),
  ]);
  assert.equal(checkpoint.status, 200, checkpoint.text);
  const opened = openCheckpoint(checkpoint.text, [noteVerifier(key.text.trim())]);
  return {
    healthSize: (health.body as { size: number }).size,
    size: opened.size,
    root: Buffer.from(opened.root).toString('base64'),
    checkpoint: checkpoint.text,
  };
}

export function decodeHash(base64: string): Uint8Array {
  const bytes = decodeBase64(base64);
  assert.ok(bytes && bytes.length === 32, `not a base64 SHA-256 hash: ${base64}`);
  return bytes;
}

/**
 * Has `admin` add `count` viewers to its party, one command at a time, with ids `<prefix>-<i>`
 * (the prefix starts with the party's id and a dot); returns the last answer.
 */
export async function addOperators(
  base: string,
  origin: string,
  admin: OperatorSigner,
  count: number,
  prefix = 'hub.op',
): Promise<{ index: number; size: number; checkpoint: string } | null> {
  let last = null;
  for (let i = 0; i < count; i++) {
    last = await accept(base, origin, admin, 'operator.add', {
      operator: {
        id: `${prefix}-${i}`,
        name: `Operator ${prefix} ${i}`,
        public_key: OperatorSigner.generate().publicKey,
      },
      role: 'viewer',
    });
  }
  return last;
}

/** Has the hub's administrator create each of `parties`, its administrator `<party>.admin` with the key of that name. */
export async function addParties(
  base: string,
  origin: string,
  hubAdmin: OperatorSigner,
  parties: readonly string[],
  signers: Readonly<Record<string, OperatorSigner>>,
): Promise<void> {
  for (const party of parties) {
    const administrator = signers[`${party}.admin`];
    if (!administrator) throw new Error(`no key for ${party}.admin`);
    await accept(base, origin, hubAdmin, 'party.create', {
      party: { id: party, name: `Party ${party}` },
      administrator: {
        id: `${party}.admin`,
        name: `${party} administrator`,
        public_key: administrator.publicKey,
      },
    });
  }
}
