// The hub's CoT port for TAK clients: plain TCP (clients sign in with TAK's <auth> message) or TLS
// with client certificates verified against the CA the hub was given. It knows nothing of the hub:
// readings come out through the handlers, and the hub pushes its picture with broadcast() or a
// connection's send(), choosing for each client what its party may see.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import {
  CotConnection,
  type CotConnectionHandlers,
  type CotConnectionLimits,
  DEFAULT_CONNECTION_LIMITS,
} from './cot-connection.js';

export interface CotServerOptions extends CotConnectionHandlers {
  /** PEM. With it the port is TLS and a client certificate issued by `ca` is required. */
  tls?: { key: string | Buffer; cert: string | Buffer; ca: string | Buffer };
  limits?: Partial<CotConnectionLimits>;
}

export class CotServer {
  readonly connections = new Set<CotConnection>();

  private constructor(private readonly server: Server) {}

  static async listen(options: CotServerOptions, port: number, host: string): Promise<CotServer> {
    const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
    const server = options.tls
      ? createTlsServer({ ...options.tls, requestCert: true, rejectUnauthorized: true })
      : createTcpServer();
    const cot = new CotServer(server);
    const accept = (socket: Socket) => {
      const connection = new CotConnection(
        socket,
        {
          ...options,
          onClosed: (closed, reason) => {
            cot.connections.delete(closed);
            options.onClosed?.(closed, reason);
          },
        },
        limits,
      );
      cot.connections.add(connection);
    };
    server.on(options.tls ? 'secureConnection' : 'connection', accept);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return cot;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the CoT server is not listening');
    return address.port;
  }

  /** Sends the events to every signed-in client that `to` chooses (all of them by default). */
  broadcast(events: readonly string[], to: (connection: CotConnection) => boolean = () => true): void {
    for (const connection of this.connections) {
      if (connection.source !== null && to(connection)) connection.send(events);
    }
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.close('the hub is shutting down');
    await closed;
  }
}
