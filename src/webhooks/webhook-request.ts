// One POST of a webhook: HTTPS only, certificates always verified, no redirects followed (the
// registered URL is the one the party answers for), only to addresses the hub may reach, a deadline
// over the whole exchange.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { ADDRESS_REFUSED, type EndpointAddressPolicy } from './endpoint-address.js';

export type PostOutcome =
  | { ok: true; status: number }
  | {
      ok: false;
      reason: string;
      /** Trying again cannot help: the address is one the hub will not post to. */
      permanent?: true;
      /** How long the endpoint asked to be left alone (`Retry-After` on a 429 or 503). */
      retryAfterMs?: number;
    };

/** Most of a reply that is read before the connection is dropped: receivers need say nothing. */
const MAX_REPLY_BYTES = 64 * 1024;

/**
 * The connections webhooks are sent over. `caFile` adds a CA (PEM) to the system's, for endpoints
 * on a private PKI; verification itself is never turned off. Names resolve through `addresses`.
 */
export function webhookAgent(addresses: EndpointAddressPolicy, caFile?: string): Agent {
  return new Agent({
    keepAlive: true,
    lookup: addresses.lookup,
    ...(caFile ? { ca: [...rootCertificates, readFileSync(caFile, 'utf8')] } : {}),
  });
}

/** A `Retry-After` value (seconds, or an HTTP date) as milliseconds from now; undefined if unusable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  options: { agent: Agent; addresses: EndpointAddressPolicy; timeoutMs: number; signal: AbortSignal },
): Promise<PostOutcome> {
  // An address written in the URL is not looked up, so it is judged here.
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  const refused = isIP(host) === 0 ? null : options.addresses.refusal(host);
  if (refused) return Promise.resolve({ ok: false, reason: refused, permanent: true });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(body.byteLength) },
      agent: options.agent,
      signal: options.signal,
    });
    const deadline = setTimeout(() => {
      settle({ ok: false, reason: `no answer within ${options.timeoutMs / 1000} s` });
      req.destroy();
    }, options.timeoutMs);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_REPLY_BYTES) res.destroy();
      });
      // The status is the answer; the body is drained so the connection can be kept.
      const retryAfter =
        status === 429 || status === 503 ? retryAfterMs(res.headers['retry-after'], Date.now()) : undefined;
      const answered = () =>
        settle(
          status >= 200 && status < 300
            ? { ok: true, status }
            : { ok: false, reason: `HTTP ${status}`, ...(retryAfter ? { retryAfterMs: retryAfter } : {}) },
        );
      res.on('end', answered);
      res.on('close', answered);
      res.on('error', answered);
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle(
        error.code === ADDRESS_REFUSED
          ? { ok: false, reason: error.message, permanent: true }
          : { ok: false, reason: error.code ?? error.message },
      ),
    );
    req.end(body);
  });
}
