// One POST of a webhook: HTTPS only, certificates always verified, no redirects followed (the
// registered URL is the one the party answers for), a deadline over the whole exchange.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { rootCertificates } from 'node:tls';

export type PostOutcome = { ok: true; status: number } | { ok: false; reason: string };

/** Most of a reply that is read before the connection is dropped: receivers need say nothing. */
const MAX_REPLY_BYTES = 64 * 1024;

/**
 * The connections webhooks are sent over. `caFile` adds a CA (PEM) to the system's, for endpoints
 * on a private PKI; verification itself is never turned off.
 */
export function webhookAgent(caFile?: string): Agent {
  return new Agent({
    keepAlive: true,
    ...(caFile ? { ca: [...rootCertificates, readFileSync(caFile, 'utf8')] } : {}),
  });
}

export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  options: { agent: Agent; timeoutMs: number; signal: AbortSignal },
): Promise<PostOutcome> {
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
      const answered = () =>
        settle(
          status >= 200 && status < 300 ? { ok: true, status } : { ok: false, reason: `HTTP ${status}` },
        );
      res.on('end', answered);
      res.on('close', answered);
      res.on('error', answered);
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, reason: error.code ?? error.message }),
    );
    req.end(body);
  });
}
