import type { Static, TObject } from '@sinclair/typebox';
import type { Entry } from '../../record/index.js';
import type { HubState, Operator } from '../state.js';

export interface DecideContext {
  state: HubState;
  author: Operator;
}

/** What the hub writes for an accepted command. */
export interface Decision {
  /** Party ids that may read the entry, or ["*"]. */
  visibility: string[];
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
