import type { CommandHandler } from './handler.js';
import { hubGenesis } from './hub-genesis.js';
import { keyRevoke } from './key-revoke.js';
import { keyRotate } from './key-rotate.js';
import { operatorAdd } from './operator-add.js';
import { operatorSetRole } from './operator-set-role.js';
import { partyCreate } from './party-create.js';

/** Commands an operator may sign and submit. */
export const OPERATOR_COMMANDS: readonly CommandHandler[] = [
  partyCreate,
  operatorAdd,
  operatorSetRole,
  keyRotate,
  keyRevoke,
] as unknown as CommandHandler[];

/** Every kind of entry the record can hold, by kind. */
export const ENTRY_HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(
  [hubGenesis, ...OPERATOR_COMMANDS].map((handler) => [handler.type, handler as unknown as CommandHandler]),
);

export { hubGenesis };
