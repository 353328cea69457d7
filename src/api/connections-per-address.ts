import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import { problemBody, retryLater } from './problem-response.js';

/** Seconds a refused client is asked to wait: connections end within the request timeouts. */
const RETRY_AFTER_S = 10;

/**
 * Caps the connections (HTTP and WebSocket alike) one address holds at once, so that one client
 * cannot spend the hub's file descriptors. One more is answered 429 with a problem and closed at
 * once. Node's HTTP server has already taken the connection by then and still parses what the
 * client sent before it read the refusal; the returned check tells a request that came on a refused
 * connection, which must not be acted on: the client was told no, and will send it again.
 */
export function limitConnectionsPerAddress(server: Server, max: number): (socket: Socket) => boolean {
  const open = new Map<string, number>();
  const refused = new WeakSet<Socket>();
  // Over TLS a connection is counted once its handshake is done, so that the refusal can be read;
  // one that never finishes its handshake is cut off by the server's handshake timeout.
  const connected = server instanceof TlsServer ? 'secureConnection' : 'connection';
  server.on(connected, (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      refused.add(socket);
      return refuse(socket, max);
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  return (socket) => refused.has(socket);
}

const tooManyConnections = (detail: string) =>
  retryLater(429, 'Too many connections', detail, 'address', RETRY_AFTER_S);

/** What a request on a refused connection is answered, if its socket is still open to hear it. */
export const connectionRefused = () =>
  tooManyConnections('this connection was refused: this address holds too many connections to the hub');

function refuse(socket: Socket, max: number): void {
  const problem = tooManyConnections(`this address already holds ${max} connections to the hub`);
  const body = JSON.stringify(problemBody(problem, '/'));
  socket.on('error', () => {});
  socket.end(
    'HTTP/1.1 429 Too Many Requests\r\n' +
      'Content-Type: application/problem+json\r\n' +
      `Retry-After: ${RETRY_AFTER_S}\r\n` +
      'Connection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
