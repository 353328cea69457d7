// A WebSocket whose handling failed is ended alone: logged, counted, and closed with 1011 so that
// its client reconnects. The error would otherwise escape as an unhandled rejection and stop the
// hub, and with it every other party's hotline.
import type { FastifyBaseLogger } from 'fastify';
import type WebSocket from 'ws';
import type { HubMetrics } from './metrics.js';

export const INTERNAL_ERROR_CLOSE = 1011;

export function endFailedSocket(
  socket: WebSocket,
  failure: { log: FastifyBaseLogger; metrics: HubMetrics },
  component: string,
  error: unknown,
): void {
  failure.log.error({ err: error }, `${component} failed`);
  failure.metrics.countContainedFailure(component);
  if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
    socket.close(INTERNAL_ERROR_CLOSE, 'the hub could not serve this connection');
}
