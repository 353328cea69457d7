// A real HTTPS server on the loopback for webhook tests, with a self-signed certificate made by
// `openssl` (node:crypto cannot issue X.509 certificates). The hub trusts it through its CA file,
// never by turning verification off. It keeps every request, body as raw bytes, and answers each
// with the next reply its test queued (a status, or a status and headers), 200 once the queue is empty.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

export interface ReceivedRequest {
  method: string;
  /** The path and query, as sent. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** performance.now() when it arrived. */
  at: number;
  /** The status it was answered with. */
  status: number;
}

export class TestHttpsServer {
  readonly received: ReceivedRequest[] = [];
  /** Replies to the next requests, in order. */
  readonly replies: (number | { status: number; headers: Record<string, string> })[] = [];
  private waiters: { count: number; resolve(): void }[] = [];

  private constructor(
    private readonly server: Server,
    /** The certificate, PEM, in a file: what the hub is told to trust. */
    readonly caFile: string,
    private readonly removeDir: () => void,
  ) {}

  static async start(): Promise<TestHttpsServer> {
    const dir = tempDir('deconflict-https-');
    const keyFile = join(dir.path, 'key.pem');
    const certFile = join(dir.path, 'cert.pem');
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
        ...['-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost'],
        ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
      ],
      { stdio: 'ignore' },
    );
    const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) });
    const https = new TestHttpsServer(server, certFile, dir.remove);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const reply = https.replies.shift() ?? 200;
        const { status, headers } = typeof reply === 'number' ? { status: reply, headers: {} } : reply;
        https.received.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
          ),
          body: Buffer.concat(chunks),
          at: performance.now(),
          status,
        });
        response.writeHead(status, headers).end();
        https.notify();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return https;
  }

  /** The URL of a path on this server. */
  url(path: string): string {
    return `https://localhost:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Resolves once `count` requests have been received in all. */
  receivedCount(count: number, timeoutMs = 15_000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.received.length} requests, not ${count}, in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.removeDir();
  }

  private notify(): void {
    const ready = this.waiters.filter((waiter) => this.received.length >= waiter.count);
    this.waiters = this.waiters.filter((waiter) => this.received.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
  }
}
