// The witness over HTTP (node:http): POST /add-checkpoint as C2SP tlog-witness
// says, and GET /key for the verifier key logs and their users configure.
// Refusals other than the size mismatch are RFC 9457 problems.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatSize, SIZE_CONTENT_TYPE } from './add-checkpoint-wire.js';
import type { Witness, WitnessAnswer } from './witness.js';

/** A checkpoint with 100 signatures and 63 proof lines is well under this. */
const MAX_REQUEST_BYTES = 64 * 1024;
const PROBLEM_BASE = 'https://deconflict.dev/problems/';

export interface RunningWitness {
  url: string;
  close(): Promise<void>;
}

export async function serveWitness(
  witness: Witness,
  listen: { host: string; port: number },
): Promise<RunningWitness> {
  const server = createServer((request, response) => {
    handle(witness, request, response).catch((error: unknown) => {
      console.error('witness: failed to answer', error);
      if (!response.headersSent)
        problem(response, 500, 'internal', 'Internal error', 'the witness failed to answer');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

async function handle(witness: Witness, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://witness').pathname;
  const allowed = path === '/add-checkpoint' ? 'POST' : path === '/key' ? 'GET' : undefined;
  if (allowed === undefined) return problem(response, 404, 'not-found', 'Not found', `no ${path} here`);
  if (request.method !== allowed && !(allowed === 'GET' && request.method === 'HEAD')) {
    response.setHeader('allow', allowed);
    return problem(response, 405, 'method-not-allowed', 'Method not allowed', `${path} takes ${allowed}`);
  }
  if (path === '/key') return text(response, 200, 'text/plain; charset=utf-8', `${witness.verifierKey}\n`);
  const body = await readBody(request);
  if (body === 'too-large') {
    return problem(
      response,
      413,
      'too-large',
      'Request too large',
      `a request is at most ${MAX_REQUEST_BYTES} bytes`,
    );
  }
  if (body === undefined)
    return problem(response, 400, 'malformed-request', 'Not UTF-8', 'the body is not UTF-8 text');
  answer(response, witness.addCheckpoint(body));
}

function answer(response: ServerResponse, result: WitnessAnswer): void {
  if ('signatures' in result) text(response, 200, 'text/plain; charset=utf-8', result.signatures);
  else if ('size' in result) text(response, 409, SIZE_CONTENT_TYPE, formatSize(result.size));
  else problem(response, result.status, result.problem.type, result.problem.title, result.problem.detail);
}

function text(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function problem(
  response: ServerResponse,
  status: number,
  type: string,
  title: string,
  detail: string,
): void {
  const body = JSON.stringify({ type: `${PROBLEM_BASE}${type}`, title, status, detail });
  text(response, status, 'application/problem+json', body);
}

/** The body as text; 'too-large' past the bound (without reading the rest), undefined if not UTF-8. */
async function readBody(request: IncomingMessage): Promise<string | undefined | 'too-large'> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) return 'too-large';
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks));
  } catch {
    return undefined;
  }
}
