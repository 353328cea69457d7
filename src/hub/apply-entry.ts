import type { Entry } from '../record/index.js';
import { ENTRY_HANDLERS } from './commands/index.js';
import type { HubState } from './state.js';

/** The one way the state changes, live and on replay alike. */
export function applyEntry(state: HubState, entry: Entry): void {
  const handler = ENTRY_HANDLERS.get(entry.kind);
  if (!handler) throw new Error(`the record holds an entry of unknown kind ${entry.kind}`);
  handler.apply(state, entry.command as never, entry);
  state.size++;
}
