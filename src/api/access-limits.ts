/**
 * What one client may hold of the hub's front door: sign-ins, sockets and the time a request may
 * take to arrive. Chosen for real use (a party's browsers, command lines and systems) with room to
 * spare, and set by the hub's operator through the environment.
 */
export interface AccessLimits {
  /** Sign-ins that fail (unknown key, bad signature, stale or replayed) one address may make per minute. */
  failedLoginsPerAddressPerMinute: number;
  /** Sign-ins one key may make per minute; only its holder can spend them. */
  loginsPerKeyPerMinute: number;
  /** Signed commands one operator may send per minute (any at once up to this), over HTTP and WebSocket. */
  commandsPerOperatorPerMinute: number;
  /** Signed commands all of one party's operators may send per minute together. */
  commandsPerPartyPerMinute: number;
  /** WebSockets (hotline stream, picture, feed streams) and event streams open at once on one session. */
  socketsPerSession: number;
  /** WebSockets not yet signed in, across the hub. */
  pendingSockets: number;
  /** WebSockets not yet signed in, from one address. */
  pendingSocketsPerAddress: number;
  /** How long a WebSocket has to sign in before it is closed. */
  signInWithinMs: number;
  /** Connections (HTTP and WebSocket) one address holds at once. */
  connectionsPerAddress: number;
  /** How long a client has to send a request's headers (against slowloris). */
  headersTimeoutMs: number;
  /** How long a client has to send a whole request, body included. */
  requestTimeoutMs: number;
}

export const DEFAULT_ACCESS_LIMITS: Readonly<AccessLimits> = {
  failedLoginsPerAddressPerMinute: 30,
  loginsPerKeyPerMinute: 60,
  // Ten a second for a minute on end, or a plan of 600 declarations at once, is more than a duty
  // officer or a party's own system sends; a party's operators together, five times that.
  commandsPerOperatorPerMinute: 600,
  commandsPerPartyPerMinute: 3_000,
  socketsPerSession: 8,
  pendingSockets: 1024,
  pendingSocketsPerAddress: 64,
  signInWithinMs: 5_000,
  connectionsPerAddress: 512,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
};

/** Each limit's environment variable. */
export const ACCESS_LIMIT_VARIABLES: Readonly<Record<keyof AccessLimits, string>> = {
  failedLoginsPerAddressPerMinute: 'DECONFLICT_FAILED_LOGINS_PER_ADDRESS',
  loginsPerKeyPerMinute: 'DECONFLICT_LOGINS_PER_KEY',
  commandsPerOperatorPerMinute: 'DECONFLICT_COMMANDS_PER_OPERATOR',
  commandsPerPartyPerMinute: 'DECONFLICT_COMMANDS_PER_PARTY',
  socketsPerSession: 'DECONFLICT_SOCKETS_PER_SESSION',
  pendingSockets: 'DECONFLICT_PENDING_SOCKETS',
  pendingSocketsPerAddress: 'DECONFLICT_PENDING_SOCKETS_PER_ADDRESS',
  signInWithinMs: 'DECONFLICT_SIGN_IN_WITHIN_MS',
  connectionsPerAddress: 'DECONFLICT_CONNECTIONS_PER_ADDRESS',
  headersTimeoutMs: 'DECONFLICT_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'DECONFLICT_REQUEST_TIMEOUT_MS',
};

/** The limits, with those the environment sets; a value that is not a whole number ≥ 1 stops the hub. */
export function accessLimitsFromEnvironment(env: NodeJS.ProcessEnv): AccessLimits {
  const limits = { ...DEFAULT_ACCESS_LIMITS };
  for (const [name, variable] of Object.entries(ACCESS_LIMIT_VARIABLES) as [keyof AccessLimits, string][]) {
    const text = env[variable];
    if (text === undefined || text.trim() === '') continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`${variable}=${text}: must be a whole number, 1 or more`);
    limits[name] = value;
  }
  return limits;
}
