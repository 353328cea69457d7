import type { Static, TObject } from '@sinclair/typebox';
import type { Entry } from '../../record/index.js';
import type { RefusalTallies } from '../refusal-tallies.js';
import type { HubState, Operator } from '../state.js';

export interface DecideContext {
  state: HubState;
  author: Operator;
  /** The hub time of the batch, milliseconds: the time its entries will carry. */
  now: number;
  /** Whether an operator has a client connected now (not part of the record: what it decides is). */
  online(operator: string): boolean;
  /** Refused attempts counted but not yet written (not part of the record: the entries they lead to are). */
  refusals: RefusalTallies;
}

/** An entry the hub writes and signs itself, as a consequence of a command. */
export interface HubConsequence {
  command: { type: string } & Record<string, unknown>;
  visibility: string[];
}

/** What the hub writes for an accepted command. */
export interface Decision {
  /** Party ids that may read the entry, or ["*"]. */
  visibility: string[];
  /** Entries the hub adds after the command's own, in the same commit (the conflicts it found). */
  consequences?: HubConsequence[];
}

/**
 * One kind of signed command: its schema, the rules that may refuse it (throwing a Problem),
 * and how its entry changes the state. `apply` must depend only on the entry.
 */
export interface CommandHandler<S extends TObject = TObject> {
  type: string;
  schema: S;
  decide(context: DecideContext, command: Static<S>): Decision;
  apply(state: HubState, command: Static<S>, entry: Entry): void;
}

export function defineCommand<S extends TObject>(handler: CommandHandler<S>): CommandHandler<S> {
  return handler;
}
