// Signed commands come over HTTP and over the operators' WebSocket; both count them alike.
import { OPERATOR_COMMANDS } from '../hub/commands/index.js';
import type { Accepted, CommandGate, Hub } from '../hub/hub.js';
import { Problem } from '../hub/problem.js';
import type { SignedCommand } from '../hub/signed-command.js';
import type { HubMetrics } from './metrics.js';

const KNOWN_TYPES = new Set(OPERATOR_COMMANDS.map((handler) => handler.type));

/** Submits a command to the hub, held to the command limits, and counts the outcome by type. */
export async function submitCounted(
  hub: Hub,
  metrics: HubMetrics,
  limits: CommandGate,
  signed: SignedCommand,
): Promise<Accepted> {
  // Only known types become labels: a client must not be able to grow the metrics without bound.
  const type = KNOWN_TYPES.has(signed.command.type) ? signed.command.type : 'unknown';
  try {
    const accepted = await hub.submit(signed, limits);
    metrics.commands.inc({ type, outcome: 'accepted' });
    return accepted;
  } catch (error) {
    metrics.commands.inc({ type, outcome: error instanceof Problem ? error.type : 'error' });
    throw error;
  }
}
