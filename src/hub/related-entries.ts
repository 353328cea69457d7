// The entries that are evidence about one message or one declaration, as a party may know of them:
// what an inquiry needs to establish who declared, notified, received, read and acknowledged what.
// Everything is asked of who-may-see, so a party learns of no entry here that its own views of the
// message, the declaration, its conflicts and notices would not already show it.

import type { Message } from '../hotline/message.js';
import { deliveriesSeenBy } from '../hotline/message-view.js';
import type { HubState } from './state.js';
import { maySeeConflict, maySeeDeclaration, maySeeMessage } from './who-may-see.js';

/** A message's own entry, every step of the deliveries the party sees, and the replies to it it sees. */
export function entriesOfMessage(state: HubState, id: string, party: string): number[] | null {
  const message = state.hotline.messages.get(id);
  if (!message || !maySeeMessage(message, party)) return null;
  const entries = messageEntries(message, party);
  for (const other of state.hotline.messages.values())
    if (other.body.reply_to === id && maySeeMessage(other, party))
      entries.push(...messageEntries(other, party));
  return sorted(entries);
}

/**
 * Every version of a declaration and its end, the conflicts recorded about it, and the notices that
 * name it with their deliveries and receipts. Earlier versions the party may not read are still
 * listed: their number is known from the current one, and their leaf hashes prove they are there.
 */
export function entriesOfDeclaration(state: HubState, id: string, party: string): number[] | null {
  const declaration = state.deconfliction.declarations.get(id);
  if (!declaration || !maySeeDeclaration(declaration, party)) return null;
  const entries = [...state.deconfliction.entriesOfDeclaration(id)];
  for (const conflict of state.deconfliction.conflictsOfDeclaration(id))
    if (maySeeConflict(state.deconfliction, conflict, party)) entries.push(conflict.entry);
  for (const message of state.hotline.messages.values()) {
    const names = message.body.references?.some((ref) => ref.type === 'declaration' && ref.id === id);
    if (names && maySeeMessage(message, party)) entries.push(...messageEntries(message, party));
  }
  return sorted(entries);
}

function messageEntries(message: Message, party: string): number[] {
  return [
    message.entry,
    ...deliveriesSeenBy(message, party).flatMap((delivery) => delivery.history.map((event) => event.entry)),
  ];
}

const sorted = (entries: number[]): number[] => [...new Set(entries)].sort((a, b) => a - b);
