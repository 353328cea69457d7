// A PostgreSQL connection URI read as libpq reads it (PostgreSQL docs, "Connection Strings"), for
// what the pg package does not: several hosts (`postgresql://h1:5432,h2:5433/db`, or `?host=a,b`),
// the session each must offer (target_session_attrs) and the time to wait for each
// (connect_timeout). Everything else in the URI is left to pg, one host at a time. Messages name
// the part that is wrong and never repeat the URI: it may hold a password. Pure: no I/O.

/** What kind of session a connection must give (libpq's target_session_attrs). */
export const TARGET_SESSION_ATTRS = [
  'any',
  'read-write',
  'read-only',
  'primary',
  'standby',
  'prefer-standby',
] as const;
export type TargetSessionAttrs = (typeof TARGET_SESSION_ATTRS)[number];

/** One server to try; null where the URI leaves it to the default (localhost, 5432). */
export interface PostgresqlHost {
  host: string | null;
  port: number | null;
}

export interface PostgresqlUrl {
  /** The role, when the URI names one. */
  user: string | null;
  database: string | null;
  /** The servers to try, in order. */
  hosts: PostgresqlHost[];
  targetSessionAttrs: TargetSessionAttrs;
  /** connect_timeout in seconds as libpq takes it (at least 2; 0 waits for ever); null when not given. */
  connectTimeoutS: number | null;
  /** A single-host URI the pg package reads: `host` and everything the URI says but the host choice. */
  forHost(host: PostgresqlHost): string;
}

export class PostgresqlUrlError extends Error {
  constructor(reason: string) {
    super(`the PostgreSQL URL ${reason}`);
    this.name = 'PostgresqlUrlError';
  }
}

/** Read here, not passed on: pg would take only the first host, and knows neither of the others. */
const OWN_PARAMETERS = new Set(['host', 'port', 'target_session_attrs', 'connect_timeout']);

function decode(text: string, part: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    throw new PostgresqlUrlError(`has an invalid percent-encoding in its ${part}`);
  }
  if (decoded.includes('\0')) throw new PostgresqlUrlError(`has a %00 in its ${part}`);
  return decoded;
}

function parsePort(text: string): number | null {
  if (text === '') return null;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new PostgresqlUrlError(`has an invalid port number "${text}"`);
  return port;
}

/** The netloc's `host[:port]` list, IPv6 addresses in brackets, as raw (still encoded) text. */
function splitNetloc(netloc: string): { host: string; port: string }[] {
  if (netloc === '') return [];
  return netloc.split(',').map((item) => {
    if (item.startsWith('[')) {
      const close = item.indexOf(']');
      if (close < 0) throw new PostgresqlUrlError('has an IPv6 host address without its closing "]"');
      if (close === 1) throw new PostgresqlUrlError('has an empty IPv6 host address');
      const after = item.slice(close + 1);
      if (after !== '' && !after.startsWith(':'))
        throw new PostgresqlUrlError('has something other than ":port" after an IPv6 host address');
      return { host: item.slice(1, close), port: after.slice(1) };
    }
    const colon = item.indexOf(':');
    return colon < 0 ? { host: item, port: '' } : { host: item.slice(0, colon), port: item.slice(colon + 1) };
  });
}

/** `port` may list one port per host, or one for all of them (libpq's rule). */
function pairPorts(hosts: (string | null)[], ports: (number | null)[]): PostgresqlHost[] {
  if (ports.length === 1) return hosts.map((host) => ({ host, port: ports[0] ?? null }));
  if (ports.length !== hosts.length)
    throw new PostgresqlUrlError(`gives ${ports.length} port numbers for ${hosts.length} hosts`);
  return hosts.map((host, at) => ({ host, port: ports[at] ?? null }));
}

function parseTimeout(text: string): number {
  if (!/^\s*-?\d+\s*$/.test(text))
    throw new PostgresqlUrlError(`has connect_timeout "${text}", not a whole number of seconds`);
  const seconds = Number(text);
  // libpq's rules: zero or less waits for ever; less than 2 seconds is taken as 2.
  return seconds <= 0 ? 0 : Math.max(2, seconds);
}

export function parsePostgresqlUrl(url: string): PostgresqlUrl {
  const scheme = /^postgres(ql)?:\/\//.exec(url);
  if (!scheme) throw new PostgresqlUrlError('does not start with postgresql://');
  let rest = url.slice(scheme[0].length);
  const fragment = rest.indexOf('#');
  if (fragment >= 0) throw new PostgresqlUrlError('has a "#" fragment, which a connection URI cannot have');
  // Credentials end at an "@" before the first "/" (as libpq looks for them): a password's own "@"
  // is written %40.
  const slash = rest.indexOf('/');
  const at = rest.slice(0, slash < 0 ? rest.length : slash).indexOf('@');
  const userinfo = at < 0 ? null : rest.slice(0, at);
  rest = rest.slice(at + 1);
  const netlocEnd = rest.search(/[/?]/);
  const netloc = netlocEnd < 0 ? rest : rest.slice(0, netlocEnd);
  rest = netlocEnd < 0 ? '' : rest.slice(netlocEnd);
  const query = rest.indexOf('?');
  const path = query < 0 ? rest : rest.slice(0, query);
  const rawParameters =
    query < 0
      ? []
      : rest
          .slice(query + 1)
          .split('&')
          .filter((pair) => pair !== '');

  const user = userinfo === null ? null : decode(userinfo.split(':')[0] ?? '', 'user name') || null;
  // The password is only checked to be decodable here; pg reads it.
  if (userinfo?.includes(':')) decode(userinfo.slice(userinfo.indexOf(':') + 1), 'password');
  const database = path.length > 1 ? decode(path.slice(1), 'database name') : null;

  const parameters = new Map<string, string>();
  const passedOn: string[] = [];
  for (const pair of rawParameters) {
    const parts = pair.split('=');
    if (parts.length !== 2 || parts[0] === '')
      throw new PostgresqlUrlError(`has a query parameter that is not key=value ("${pair.split('=')[0]}")`);
    const key = decode(parts[0] as string, 'query parameters');
    const value = decode(parts[1] as string, `query parameter ${key}`);
    if (OWN_PARAMETERS.has(key)) parameters.set(key, value);
    else passedOn.push(pair);
  }

  const listed = splitNetloc(netloc);
  const hostParameter = parameters.get('host');
  const hostNames =
    hostParameter !== undefined
      ? hostParameter.split(',')
      : listed.length > 0
        ? listed.map(({ host }) => decode(host, 'host'))
        : [''];
  const portParameter = parameters.get('port');
  const ports =
    portParameter !== undefined
      ? portParameter.split(',').map(parsePort)
      : listed.length > 0
        ? listed.map(({ port }) => parsePort(decode(port, 'port')))
        : [null];
  const hosts = pairPorts(
    hostNames.map((host) => host || null),
    ports,
  );

  const attrs = parameters.get('target_session_attrs') ?? 'any';
  if (!(TARGET_SESSION_ATTRS as readonly string[]).includes(attrs))
    throw new PostgresqlUrlError(
      `has target_session_attrs "${attrs}", not one of ${TARGET_SESSION_ATTRS.join(', ')}`,
    );
  const timeout = parameters.get('connect_timeout');

  return {
    user,
    database,
    hosts,
    targetSessionAttrs: attrs as TargetSessionAttrs,
    connectTimeoutS: timeout === undefined ? null : parseTimeout(timeout),
    forHost({ host, port }) {
      const own = [
        ...(host === null ? [] : [`host=${encodeURIComponent(host)}`]),
        ...(port === null ? [] : [`port=${port}`]),
      ];
      const credentials = userinfo === null ? '' : `${userinfo}@`;
      return `postgresql://${credentials}${path || '/'}?${[...own, ...passedOn].join('&')}`;
    },
  };
}

/** Where a URL points, without its password: for messages. */
export function describePostgresql(url: string): string {
  try {
    const { user, hosts, database } = parsePostgresqlUrl(url);
    const where = hosts
      .map(({ host, port }) => `${host ?? 'localhost'}${port === null ? '' : `:${port}`}`)
      .join(',');
    return `${user ?? 'the default role'}@${where}/${database ?? ''}`;
  } catch {
    return 'an unreadable URL';
  }
}
