import type { Entry } from '../record/index.js';
import type { UsedNonce } from '../store/store.js';
import { activeKeyHolder } from './authenticate.js';
import type { CommandHandler } from './commands/handler.js';
import type { HubEntries } from './hub-entries.js';
import type { NonceWindow } from './nonce-window.js';
import { problems } from './problem.js';
import type { RefusalTallies } from './refusal-tallies.js';
import type { SignedCommand } from './signed-command.js';
import type { HubState } from './state.js';

/** What deciding an operator's command in the writer's turn depends on besides the state. */
export interface OperatorTurn {
  /** The batch's time: the time its entries carry. */
  now: number;
  nonces: NonceWindow;
  online(operator: string): boolean;
  refusals: RefusalTallies;
  entries: HubEntries;
}

/**
 * Decides an authenticated command against the state of its turn: its own entry, then the hub's
 * consequences of it. The key is checked again (a revocation may have been ahead of it in the queue),
 * and so is its nonce; a rule that refuses it throws.
 */
export function operatorEntries(
  state: HubState,
  turn: OperatorTurn,
  handler: CommandHandler,
  signed: SignedCommand,
  nonce: UsedNonce,
): Entry[] {
  const { operator, key } = activeKeyHolder(state, signed.key);
  if (turn.nonces.has(nonce.key, nonce.nonce)) throw problems.replayed();
  const decision = handler.decide(
    { state, author: operator, now: turn.now, online: turn.online, refusals: turn.refusals },
    signed.command as never,
  );
  const own: Entry = {
    v: 1,
    kind: handler.type,
    time: new Date(turn.now).toISOString(),
    author: { party: operator.party, operator: operator.id, key: key.id },
    command: signed.command,
    signature: signed.signature,
    visibility: decision.visibility,
    salt: turn.entries.salt(),
  };
  const consequences = (decision.consequences ?? []).map((consequence) =>
    turn.entries.signedByHub(consequence, turn.now),
  );
  return [own, ...consequences];
}
