// The hub's entry telling both owners of a conflict about it, written right after the submit or
// amend that found it. Its content is what either owner may know; the exact measures are derived
// again from the two declarations when the entry is applied.
import { declarationPairs } from '../../deconfliction/declaration-pairs.js';
import type { PairMeasures } from '../../deconfliction/recorded-conflict.js';
import { parseRfc3339 } from '../../geo/rfc3339.js';
import { problems } from '../problem.js';
import {
  type NoticeConflict,
  NoticeConflicts,
  NoticeSide,
  noticeItem,
  sideFields,
} from './conflict-notice.js';
import { commandSchema } from './fields.js';
import { defineCommand, type HubConsequence } from './handler.js';

// Pairs the writer has just computed, so that applying its own entry does not compute them again.
const computed = new WeakMap<object, PairMeasures[]>();

export function conflictsFoundCommand(
  conflicts: readonly NoticeConflict[],
  otherParty: string,
): HubConsequence {
  const first = conflicts[0] as NoticeConflict;
  const items = conflicts.map((conflict) => {
    const item = noticeItem(conflict);
    computed.set(item, conflict.pairs);
    return item;
  });
  return {
    command: { type: conflictsFound.type, found: sideFields(first.found), conflicts: items },
    visibility: [...new Set([first.found.party, otherParty])].sort(),
  };
}

export const conflictsFound = defineCommand({
  type: 'conflicts.found',
  schema: commandSchema(
    'conflicts.found',
    { found: NoticeSide, conflicts: NoticeConflicts },
    'Written by the hub: the conflicts a submit or amend found with one other party’s declarations, for both.',
  ),
  decide() {
    throw problems.forbidden('only the hub records conflicts');
  },
  apply(state, command, entry) {
    const d = state.deconfliction;
    const found = d.current(command.found.id, command.found.version);
    if (!found) throw new Error(`conflicts.found for ${command.found.id}, which is not live`);
    for (const item of command.conflicts) {
      const against = d.current(item.against.id, item.against.version);
      if (!against) throw new Error(`conflicts.found against ${item.against.id}, which is not live`);
      const pairs =
        computed.get(item) ?? declarationPairs(found, against, (a, b) => d.partyMinima(a, b)).pairs;
      d.addConflict({
        found: {
          declaration: found.id,
          version: found.version,
          party: found.party,
          roster: command.found.roster,
        },
        against: {
          declaration: against.id,
          version: against.version,
          party: against.party,
          roster: item.against.roster,
        },
        extent: {
          area: item.area.map(([minX = 0, minY = 0, maxX = 0, maxY = 0]) => ({ minX, minY, maxX, maxY })),
          from: parseRfc3339(item.from) as number,
          until: parseRfc3339(item.until) as number,
        },
        pairs,
        time: entry.time,
        entry: state.size,
      });
    }
  },
});
