import type { FastifyInstance } from 'fastify';
import type WebSocket from 'ws';

/**
 * Keeps a route's open WebSockets, and closes them as the hub shuts down (1001, going away), since
 * the server's own close waits for them. Returns the function a wsHandler calls with its socket.
 */
export function closedOnShutdown(app: FastifyInstance): (socket: WebSocket) => void {
  const open = new Set<WebSocket>();
  app.addHook('preClose', async () => {
    for (const socket of open) socket.close(1001, 'the hub is shutting down');
  });
  return (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  };
}
