// Thousands of malformed requests against the hub's HTTP API. Whatever comes in, the answer is a 4xx
// RFC 9457 problem (never a 5xx) and the record does not change. The cases are drawn from a seeded
// generator: the seed is printed, and FUZZ_SEED=<seed> replays a run exactly.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { OPERATOR_COMMANDS } from '../../src/hub/commands/index.js';
import { assertProblem, login, type RecordView, type Reply, recordView, request } from '../support/api.js';
import { mapLimit } from '../support/concurrency.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { fuzzSeed, Prng } from '../support/prng.js';

const BODY_LIMIT = 256 * 1024;
const IN_FLIGHT = 16;

/** One request to send, and what its answer must be beyond "a 4xx problem". */
interface Case {
  label: string;
  method: string;
  path: string;
  json?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  token?: boolean;
  /** GET cases may be valid by chance: then only "no 5xx, and a problem if an error" holds. */
  mayPass?: boolean;
  status?: number;
  /** Some `errors[].field` must start with this. */
  field?: string;
}

/** A leaf or object of a command schema, by JSON pointer below /command. */
interface Field {
  path: string[];
  kind: 'object' | 'string' | 'choice';
  schema: TSchema;
  /** Whether the object holding it requires it: left out, only then must a refusal name it. */
  required: boolean;
}

function fieldsOf(schema: TSchema, path: string[] = [], required = true): Field[] {
  if (schema.type === 'object') {
    const own: Field[] = path.length > 0 ? [{ path, kind: 'object', schema, required }] : [];
    const requires = new Set<string>(schema.required ?? []);
    return [
      ...own,
      ...Object.entries((schema.properties ?? {}) as Record<string, TSchema>).flatMap(([name, inner]) =>
        fieldsOf(inner, [...path, name], requires.has(name)),
      ),
    ];
  }
  return [{ path, kind: schema.anyOf ? 'choice' : 'string', schema, required }];
}

const pointer = (path: readonly string[]) => `/command${path.map((name) => `/${name}`).join('')}`;

/**
 * A schema-valid command of each type that the hub must still refuse on its merits (unknown
 * operator, taken id): a mutation that happens to stay valid still cannot write anything.
 */
function baseFields(type: string): Record<string, unknown> {
  const freshKey = OperatorSigner.generate().publicKey;
  switch (type) {
    case 'party.create':
      return {
        party: { id: 'hub', name: 'Already here' },
        administrator: { id: 'fuzz.admin', name: 'Fuzz', public_key: freshKey },
      };
    case 'operator.add':
      return { operator: { id: 'hub.admin', name: 'Taken id', public_key: freshKey }, role: 'viewer' };
    case 'operator.set-role':
      return { operator: 'ghost-operator', role: 'viewer' };
    case 'key.rotate':
      return { operator: 'ghost-operator', public_key: freshKey };
    case 'key.revoke':
      return { operator: 'ghost-operator', key: '0123456789abcdef' };
    case 'agreement.propose':
      return {
        agreement: { id: 'hub/fuzz', title: 'Fuzz', parties: ['hub', 'ghost-party'], terms: 'None.' },
      };
    case 'agreement.sign':
      return { agreement: 'hub/ghost' };
    case 'agreement.suspend':
    case 'agreement.end':
      return { agreement: 'hub/ghost', reason: 'Fuzz.' };
    case 'agreement.resume':
      return { agreement: 'hub/ghost' };
    case 'declaration.submit':
      // Another party's id prefix: refused whatever else a mutation leaves valid.
      return { declaration: fuzzSite('ghost/site'), known_conflicts: [] };
    case 'declaration.amend':
      return { declaration: fuzzSite('hub/ghost'), replaces_version: 1, known_conflicts: [] };
    case 'declaration.withdraw':
      return { declaration: 'hub/ghost', version: 1 };
    case 'roster.set':
      return {
        roster: {
          duty: 'air-deconfliction',
          members: [
            { operator: 'ghost-operator', shifts: [{ from: '08:00', to: '20:00', time_zone: 'UTC' }] },
          ],
          chief: 'ghost-operator',
        },
      };
    case 'message.send':
      // To a party that does not exist: refused whatever else a mutation leaves valid.
      return {
        message: {
          id: 'hub/fuzz-message',
          kind: 'urgent-request',
          action: 'stop',
          recipients: [{ party: 'ghost-party', duty: 'air-deconfliction' }],
          text: 'Stop.',
        },
      };
    case 'message.withdraw':
      return { message: 'hub/ghost', reason: 'Fuzz.' };
    case 'delivery.receipt':
      return { message: 'hub/ghost', recipient: 'hub', state: 'acknowledged' };
    case 'webhook.set':
      // Plain http: refused whatever else a mutation leaves valid.
      return { webhook: { name: 'fuzz', url: 'http://localhost/hook' } };
    case 'webhook.remove':
      return { webhook: 'ghost' };
    case 'feed.set':
      // A receiver's feed without the receiver's address: refused, and no wrong value is an address.
      return { feed: { name: 'fuzz', kind: 'sbs' } };
    case 'feed.remove':
      return { feed: 'ghost' };
    case 'incident.report':
      // Another party's id prefix: refused whatever else a mutation leaves valid.
      return {
        incident: {
          id: 'ghost/incident',
          title: 'Fuzz',
          geometry: { type: 'Point', coordinates: [37, 36] },
          from: new Date(Date.now() - 3_600_000).toISOString(),
          until: new Date(Date.now() - 60_000).toISOString(),
          what: 'Fuzz.',
          visibility: [],
        },
      };
    case 'incident.answer':
    case 'incident.dispute':
    case 'incident.close':
      return { incident: 'hub/ghost', text: 'Fuzz.' };
    case 'incident.admit':
      return { incident: 'hub/ghost', inquiry: { name: 'Fuzz', public_key: freshKey } };
    case 'witnesses.propose':
      // Another party's id, a key that is not a cosigner key and a quorum above the witnesses named:
      // refused whatever one mutation leaves valid.
      return {
        proposal: {
          id: 'ghost/fuzz',
          witnesses: [{ name: 'fuzz', key: 'fuzz+00000000+AAAA', url: 'https://witness.example/' }],
          quorum: 1,
        },
      };
    case 'witnesses.agree':
      return { proposal: 'hub/ghost', digest: '0'.repeat(64) };
    default:
      throw new Error(`the fuzz test has no base command for ${type}: add one`);
  }
}

function fuzzSite(id: string) {
  const now = Date.now();
  return {
    kind: 'site',
    id,
    title: 'Fuzz',
    visibility: ['*'],
    function: 'hospital',
    geometry: { type: 'Point', coordinates: [36.2, 37.1] },
    radius_m: 100,
    valid_from: new Date(now).toISOString(),
    valid_until: new Date(now + 86_400_000).toISOString(),
  };
}

/** Values of the wrong type, or strings no field accepts (empty, too long for any field). */
const SURELY_WRONG: readonly unknown[] = [
  7,
  -1,
  0.5,
  1e308,
  true,
  false,
  null,
  [],
  ['x'],
  {},
  { a: 'b' },
  '',
  'x'.repeat(300),
];
/** Odd strings: some fields may take them, but the hub must still answer with a 4xx. */
const ODD_STRINGS: readonly string[] = [
  '\ud800',
  'a\udfffb',
  'a\u0000b',
  '\u202e',
  '😀'.repeat(10),
  ' ',
  '\n',
];
const ODD_NUMBERS = [
  '-1',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '1.5',
  '',
  '0x10',
  '99999999999999999999',
  '9007199254740992',
  ' 1',
  '1 ',
  '%00',
  'abc',
  '[]',
  '{}',
  '1e3',
  '+1',
  '-0',
  '%EF%BC%91',
  '%zz',
  'null',
  'true',
  '0b1',
  '1_000',
];

/** Percent-encodes raw bytes (not always valid UTF-8) for a URL. */
function percentEncoded(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const name of path.slice(0, -1)) node = node[name] as Record<string, unknown>;
  node[path[path.length - 1] as string] = value;
}

function hasPath(target: Record<string, unknown>, path: readonly string[]): boolean {
  let node: unknown = target;
  for (const name of path) {
    if (typeof node !== 'object' || node === null || !(name in node)) return false;
    node = (node as Record<string, unknown>)[name];
  }
  return true;
}

function deleteAt(target: Record<string, unknown>, path: readonly string[]): void {
  let node = target;
  for (const name of path.slice(0, -1)) node = node[name] as Record<string, unknown>;
  delete node[path[path.length - 1] as string];
}

describe('fuzzing the HTTP API', () => {
  let hub: TestHub;
  let token: string;
  let start: RecordView;
  const seed = fuzzSeed();
  const random = new Prng(seed);
  const results: { fuzzCase: Case; reply: Reply }[] = [];

  before(async () => {
    // Thousands of bad sign-ins from one address, each to get its own answer: the limit on them is
    // tested on its own (access-limits.test.ts).
    hub = await startTestHub({ limits: { failedLoginsPerAddressPerMinute: 1_000_000 } });
    token = await login(hub.url, hub.origin, hub.admin);
    start = await recordView(hub.url, token);
    console.log(`fuzz seed ${seed} (FUZZ_SEED=${seed} repeats this run)`);
  });
  after(() => hub.stop());

  const admin = () => hub.admin;
  /** Signs what can be signed; a command with no canonical form (a lone surrogate) gets the signature of another. */
  const sign = (command: Record<string, unknown>) => {
    try {
      return admin().sign(command as { type: string });
    } catch {
      return { command, key: admin().keyId, signature: admin().command(hub.origin, 'login').signature };
    }
  };
  const signedBase = (type: string, signer = admin()) => signer.command(hub.origin, type, baseFields(type));
  const post = (path: string, label: string, body: unknown, expect: Partial<Case> = {}): Case => ({
    label,
    method: 'POST',
    path,
    json: body,
    ...expect,
  });

  /** Every field of every command schema, set to each wrong value, left out, or joined by a stranger. */
  function schemaCases(): Case[] {
    const cases: Case[] = [];
    const schemas = [
      ...OPERATOR_COMMANDS.map((handler) => ({
        path: '/v1/commands',
        type: handler.type,
        schema: handler.schema,
      })),
    ];
    for (const { path, type, schema } of schemas) {
      const check = TypeCompiler.Compile(schema);
      const base = signedBase(type).command;
      assert.ok(check.Check(base), `the base ${type} command does not match its schema`);
      // Optional fields the base leaves out are not mutated: absent is what they may be.
      for (const field of fieldsOf(schema).filter((f) => hasPath(base, f.path))) {
        const wrongs: unknown[] =
          field.kind === 'object'
            ? [7, 'x', null, true, [], ['x'], {}, { unexpected: 1 }]
            : SURELY_WRONG.filter((value) => !Value.Check(field.schema, value));
        for (const wrong of wrongs) {
          const command = structuredClone(signedBase(type).command);
          setAt(command, field.path, wrong);
          cases.push(
            post(
              path,
              `${type} ${pointer(field.path)} = ${JSON.stringify(wrong).slice(0, 20)}`,
              sign(command),
              {
                status: 400,
                field: pointer(field.path),
              },
            ),
          );
        }
        for (const odd of ODD_STRINGS) {
          const command = structuredClone(signedBase(type).command);
          setAt(command, field.path, odd);
          cases.push(post(path, `${type} ${pointer(field.path)} = ${JSON.stringify(odd)}`, sign(command)));
        }
        const missing = structuredClone(signedBase(type).command);
        deleteAt(missing, field.path);
        // An optional field left out is no error of its own: the command is refused on its merits.
        cases.push(
          post(
            path,
            `${type} without ${pointer(field.path)}`,
            sign(missing),
            field.required ? { status: 400, field: pointer(field.path) } : {},
          ),
        );
        if (field.kind === 'object') {
          const extra = structuredClone(signedBase(type).command);
          setAt(extra, [...field.path, 'unexpected'], 'x');
          cases.push(
            post(path, `${type} with ${pointer(field.path)}/unexpected`, sign(extra), {
              status: 400,
              field: `${pointer(field.path)}/unexpected`,
            }),
          );
        }
      }
      const extraTop = { ...signedBase(type).command, unexpected: 'x' };
      cases.push(
        post(path, `${type} with /command/unexpected`, sign(extraTop), {
          status: 400,
          field: '/command/unexpected',
        }),
      );
      // Valid by its schema but refused on its merits.
      cases.push(post(path, `${type} base`, signedBase(type)));
    }
    // The login is a signed command too.
    const login = () => admin().command(hub.origin, 'login');
    for (const name of ['type', 'hub', 'nonce', 'time']) {
      for (const wrong of SURELY_WRONG) {
        const signed = login();
        const command = { ...signed.command, [name]: wrong };
        cases.push(
          post(
            '/v1/sessions',
            `login /command/${name} = ${JSON.stringify(wrong).slice(0, 20)}`,
            sign(command),
            { status: 400, field: `/command/${name}` },
          ),
        );
      }
      for (const odd of ODD_STRINGS) {
        const signed = login();
        cases.push(
          post(
            '/v1/sessions',
            `login /command/${name} = ${JSON.stringify(odd)}`,
            sign({ ...signed.command, [name]: odd }),
          ),
        );
      }
    }
    // Every odd number in every query parameter of the record's read routes, the other one sensible.
    const queries: [string, string, string][] = [
      ['/v1/record/entries', 'start', 'end'],
      ['/v1/record/proof/inclusion', 'index', 'size'],
      ['/v1/record/proof/consistency', 'from', 'to'],
    ];
    for (const [route, first, second] of queries) {
      for (const odd of ODD_NUMBERS) {
        for (const query of [`${first}=${odd}&${second}=1`, `${first}=0&${second}=${odd}`]) {
          cases.push({
            label: 'query',
            method: 'GET',
            path: `${route}?${query}`,
            token: true,
            mayPass: true,
          });
        }
      }
    }
    return cases;
  }

  const commandPath = () => random.pick(['/v1/commands', '/v1/sessions']);
  /** A login (to /v1/sessions) or a command (to /v1/commands) the hub would refuse as it is, or a valid login. */
  const anySigned = (signer = admin()) =>
    random.chance(0.3)
      ? { path: '/v1/sessions', signed: signer.command(hub.origin, 'login') }
      : { path: '/v1/commands', signed: signedBase(random.pick(OPERATOR_COMMANDS).type, signer) };

  function randomBytesCase(): Case {
    return {
      label: 'random bytes',
      method: 'POST',
      path: commandPath(),
      raw: random.bytes(random.int(300)),
      headers: { 'content-type': 'application/json' },
    };
  }

  function truncatedCase(): Case {
    const { path, signed } = anySigned();
    const text = JSON.stringify(signed);
    return {
      label: 'truncated JSON',
      method: 'POST',
      path,
      raw: text.slice(0, random.int(text.length)),
      headers: { 'content-type': 'application/json' },
    };
  }

  function deepCase(): Case {
    const depth = random.pick([100, 1000, 10_000, 60_000, 200_000]);
    const [open, close] = random.pick([
      ['[', ']'],
      ['{"a":', '}'],
    ] as const);
    const nested = open.repeat(depth) + (open === '[' ? '' : '1') + close.repeat(depth);
    const { path, signed } = anySigned();
    const where = random.int(3);
    const raw =
      where === 0
        ? nested
        : where === 1
          ? JSON.stringify({ ...signed, extra: 'NESTED' }).replace('"NESTED"', nested)
          : JSON.stringify({ ...signed, command: { ...signed.command, extra: 'NESTED' } }).replace(
              '"NESTED"',
              nested,
            );
    return {
      label: `nesting ${depth} deep (${where})`,
      method: 'POST',
      path,
      raw,
      headers: { 'content-type': 'application/json' },
      ...(raw.length > BODY_LIMIT ? { status: 413 } : {}),
    };
  }

  function hugeCase(): Case {
    const { path, signed } = anySigned();
    const huge = 'x'.repeat(BODY_LIMIT + 1 + random.int(BODY_LIMIT));
    const body = random.chance(0.5)
      ? { ...signed, command: { ...signed.command, hub: huge } }
      : { ...signed, signature: huge };
    return { label: 'over the body limit', method: 'POST', path, json: body, status: 413 };
  }

  function contentTypeCase(): Case {
    const type = random.pick([
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'application/octet-stream',
      'image/png',
      'application/json; charset=utf-16',
      'application/json;;',
      '*/*',
      'text/json',
    ]);
    // Signed by a stranger, so that a body the hub reads as JSON anyway is still refused.
    const { path, signed } = anySigned(OperatorSigner.generate());
    return {
      label: `content type ${type}`,
      method: 'POST',
      path,
      raw: JSON.stringify(signed),
      headers: { 'content-type': type },
    };
  }

  function signatureCase(): Case {
    const { path, signed } = anySigned();
    const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const randomBase64 = (n: number) => Array.from({ length: n }, () => random.pick([...base64])).join('');
    const choice = random.int(7);
    const signature = [
      () => `${randomBase64(86)}==`,
      () => randomBase64(88),
      () => `${randomBase64(85)}===`,
      () => `${randomBase64(86)}=`,
      () => `${randomBase64(86)}==`.replace(/[+/]/g, '-'),
      () => Buffer.from(random.bytes(random.int(100))).toString('base64'),
      () => random.pick<unknown>([null, 1, true, [], {}, '']),
    ][choice]?.();
    return {
      label: `bad signature ${choice}`,
      method: 'POST',
      path,
      json: { ...signed, signature },
      // Some random strings are well-formed signatures, which then do not verify.
      ...(choice === 0 ? { status: 401 } : choice === 4 || choice === 5 ? {} : { status: 400 }),
      field: '/signature',
    };
  }

  function otherCommandCase(): Case {
    const { path, signed } = anySigned();
    const other =
      signed.command.type === 'login'
        ? admin().command(hub.origin, 'login')
        : signedBase(signed.command.type);
    return {
      label: 'signature over another command',
      method: 'POST',
      path,
      json: { ...signed, signature: other.signature },
      status: 401,
      field: '/signature',
    };
  }

  function unknownKeyCase(): Case {
    const stranger = OperatorSigner.generate();
    const signed = random.chance(0.5)
      ? stranger.command(hub.origin, 'login')
      : signedBase(random.pick(OPERATOR_COMMANDS).type, stranger);
    const badFormat = random.chance(0.3);
    const key = badFormat
      ? random.pick(['', 'ABCDEF0123456789', '0123', '0123456789abcdef0', 'zzzzzzzzzzzzzzzz'])
      : stranger.keyId;
    return {
      label: `unknown key ${key}`,
      method: 'POST',
      path: signed.command.type === 'login' ? '/v1/sessions' : '/v1/commands',
      json: { ...signed, key },
      status: badFormat ? 400 : 401,
      field: '/key',
    };
  }

  function unknownTypeCase(): Case {
    const type = random.pick([
      'party.delete',
      'hub.genesis',
      'operator.remove',
      'LOGIN',
      'operator.add ',
      random.text(1 + random.int(40)),
      'constructor',
      '__proto__',
      'toString',
    ]);
    const fields = random.chance(0.5) ? baseFields('operator.add') : {};
    const fresh = admin().command(hub.origin, 'login').command;
    const signed = sign({ ...fields, type, hub: hub.origin, nonce: fresh.nonce, time: fresh.time });
    const path = commandPath();
    return {
      label: `unknown type ${JSON.stringify(type)}`,
      method: 'POST',
      path,
      json: signed,
      status: 400,
      field: '/command/type',
    };
  }

  function envelopeCase(): Case {
    const { signed } = anySigned();
    const bodies: unknown[] = [
      null,
      0,
      'command',
      [],
      [signed],
      {},
      { command: signed.command },
      { command: signed.command, key: signed.key },
      { key: signed.key, signature: signed.signature },
      { ...signed, extra: true },
      { ...signed, command: null },
      { ...signed, command: [] },
      { ...signed, command: 'operator.add' },
      { ...signed, command: {} },
      JSON.parse(
        `{"__proto__":{"admin":true},"command":${JSON.stringify(signed.command)},"key":"${signed.key}","signature":"${signed.signature}"}`,
      ),
    ];
    const which = random.int(bodies.length);
    return {
      label: `envelope ${which}`,
      method: 'POST',
      path: commandPath(),
      json: bodies[which],
      status: 400,
    };
  }

  function queryCase(): Case {
    const routes: [string, string[]][] = [
      ['/v1/record/entries', ['start', 'end']],
      ['/v1/record/proof/inclusion', ['index', 'size']],
      ['/v1/record/proof/consistency', ['from', 'to']],
      ['/v1/operators', ['party', 'limit', 'after']],
      ['/v1/declarations', ['kind', 'bbox', 'from', 'until', 'status', 'party', 'limit', 'after']],
      ['/v1/conflicts', ['declaration', 'party', 'from', 'until', 'status', 'limit', 'after']],
      ['/v1/tracks', ['limit', 'after']],
      ['/v1/tracks/history', ['from', 'until', 'track', 'limit', 'after']],
      ['/v1/alerts', ['status', 'limit', 'after']],
      ['/v1/messages', ['box', 'waiting', 'limit', 'after']],
      ['/v1/parties', ['limit', 'after']],
    ];
    const [path, names] = random.pick(routes);
    const value = () =>
      random.chance(0.7)
        ? random.pick(ODD_NUMBERS)
        : random.chance(0.5)
          ? String(random.int(2 ** 31) - 2 ** 30)
          : percentEncoded(
              random.chance(0.5) ? Buffer.from(random.text(random.int(80))) : random.bytes(random.int(40)),
            );
    const params: string[] = [];
    for (const name of names) if (random.chance(0.9)) params.push(`${name}=${value()}`);
    if (random.chance(0.2)) params.push(`${random.pick(names)}=${value()}`);
    if (random.chance(0.15)) params.push(`unexpected=${value()}`);
    return {
      label: 'query',
      method: 'GET',
      path: `${path}?${params.join('&')}`,
      token: random.chance(0.8),
      mayPass: true,
    };
  }

  function tileCase(): Case {
    const part = () =>
      random.pick([
        '0',
        '1',
        '63',
        '64',
        'entries',
        '000',
        '001',
        'x000',
        'x001',
        '.p',
        '999',
        '-1',
        '%2e%2e',
        '..',
        '',
        '256',
        'p',
        '%zz',
        percentEncoded(random.bytes(3)),
      ]);
    const segments = Array.from({ length: 1 + random.int(6) }, part);
    return {
      label: 'tile',
      method: 'GET',
      path: `/v1/record/tile/${segments.join('/')}`,
      token: random.chance(0.8),
      mayPass: true,
    };
  }

  function routeCase(): Case {
    const method = random.pick(['PUT', 'DELETE', 'PATCH', 'POST', 'GET']);
    const path = random.pick([
      '/v1/commands',
      '/v1/commands/',
      '/v1/sessions/x',
      '/v1//commands',
      '/v1/record/checkpoint',
      '/v1/record/entries/',
      '/v1/me',
      '/v2/commands',
      '/v1/record/key/..',
      `/v1/${percentEncoded(random.bytes(6))}`,
    ]);
    const sensible =
      (method === 'GET' && !['/v1/commands', '/v1/commands/', '/v1//commands'].includes(path)) ||
      (method === 'POST' && path === '/v1/commands');
    return sensible ? routeCase() : { label: `${method} ${path}`, method, path, token: random.chance(0.5) };
  }

  function tokenCase(): Case {
    const header = random.pick([
      'Bearer',
      'Bearer ',
      `Bearer ${'a'.repeat(19)}`,
      `Bearer ${'a'.repeat(101)}`,
      `Bearer ${token}x`,
      `bearer ${token}`,
      `Bearer  ${token}`,
      `Basic ${token}`,
      `Bearer ${'A'.repeat(4000)}`,
      `Bearer ${random.text(30).replace(/[^\x20-\x7e]/g, '?')}`,
    ]);
    const path = random.pick([
      '/v1/me',
      '/v1/parties',
      '/v1/record/checkpoint',
      '/v1/record/entries?start=0&end=1',
    ]);
    return {
      label: `authorization ${header.slice(0, 30)}`,
      method: 'GET',
      path,
      headers: { authorization: header },
      status: 401,
    };
  }

  const generators: [weight: number, make: () => Case][] = [
    [300, randomBytesCase],
    [300, truncatedCase],
    [40, deepCase],
    [16, hugeCase],
    [200, contentTypeCase],
    [250, signatureCase],
    [200, otherCommandCase],
    [200, unknownKeyCase],
    [200, unknownTypeCase],
    [150, envelopeCase],
    [500, queryCase],
    [200, tileCase],
    [100, routeCase],
    [100, tokenCase],
  ];

  function check(fuzzCase: Case, reply: Reply): void {
    assert.ok(reply.status < 500, `5xx: ${reply.status} ${reply.text.slice(0, 200)}`);
    if (fuzzCase.mayPass && reply.status < 400) return;
    assertProblem(reply, fuzzCase.status);
    if (fuzzCase.field !== undefined) {
      const fields = ((reply.body as { errors?: { field: string }[] }).errors ?? []).map(
        (error) => error.field,
      );
      assert.ok(
        fields.some((field) => field.startsWith(fuzzCase.field as string)),
        `no error names ${fuzzCase.field}: ${JSON.stringify(fields)}`,
      );
    }
  }

  test('malformed requests get a 4xx problem, never a 5xx', async (t) => {
    const cases = schemaCases();
    for (const [weight, make] of generators) for (let i = 0; i < weight; i++) cases.push(make());
    assert.ok(cases.length >= 3000, `only ${cases.length} cases`);
    t.diagnostic(`seed ${seed}: ${cases.length} requests`);

    const replies = await mapLimit(cases, IN_FLIGHT, (fuzzCase) =>
      request(hub.url, fuzzCase.method, fuzzCase.path, {
        ...(fuzzCase.json !== undefined ? { json: fuzzCase.json } : {}),
        ...(fuzzCase.raw !== undefined ? { raw: fuzzCase.raw } : {}),
        ...(fuzzCase.headers ? { headers: fuzzCase.headers } : {}),
        ...(fuzzCase.token ? { token } : {}),
      }),
    );
    const failures: string[] = [];
    cases.forEach((fuzzCase, i) => {
      const reply = replies[i] as Reply;
      results.push({ fuzzCase, reply });
      try {
        check(fuzzCase, reply);
      } catch (error) {
        failures.push(
          `#${i} ${fuzzCase.label} (${fuzzCase.method} ${fuzzCase.path.slice(0, 80)}): ${(error as Error).message.split('\n')[0]}`,
        );
      }
    });
    if (failures.length > 0) {
      const report = join(tmpdir(), `deconflict-fuzz-${seed}.txt`);
      writeFileSync(report, `${failures.join('\n')}\n`);
      t.diagnostic(`all ${failures.length} failures are listed in ${report}`);
    }
    assert.deepEqual(
      failures.slice(0, 25),
      [],
      `${failures.length} of ${cases.length} failed; FUZZ_SEED=${seed}`,
    );
  });

  test('the record is unchanged: same size, same signed root', async () => {
    assert.ok(results.length >= 3000, 'the fuzz run did not happen');
    const end = await recordView(hub.url, token);
    assert.deepEqual(end, start, `the record changed under fuzzing; FUZZ_SEED=${seed}`);
    assert.equal(end.size, 1);
  });

  test('refused commands do not grow the metrics without bound (one series per known type)', async () => {
    const metrics = await request(hub.url, 'GET', '/metrics');
    const types = new Set(
      [...metrics.text.matchAll(/^deconflict_commands_total\{type="((?:[^"\\]|\\.)*)"/gm)].map(
        (match) => match[1],
      ),
    );
    const known = new Set(OPERATOR_COMMANDS.map((handler) => handler.type));
    const unknown = [...types].filter((type) => !known.has(type as string));
    assert.ok(
      unknown.length <= 1,
      `${unknown.length} label values for unknown command types, e.g. ${unknown.slice(0, 5).join(', ')}`,
    );
  });
});
