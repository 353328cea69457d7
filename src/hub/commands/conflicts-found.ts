// The hub's entry telling both owners of a conflict about it, written right after the submit or
// amend that found it. Its content is what either owner may know; the exact measures are derived
// again from the two declarations when the entry is applied.
import { Type } from '@sinclair/typebox';
import { declarationPairs } from '../../deconfliction/declaration-pairs.js';
import { DeclarationId, Version } from '../../deconfliction/declaration-schema.js';
import type { CoarseExtent, ConflictSide, PairMeasures } from '../../deconfliction/recorded-conflict.js';
import { parseRfc3339 } from '../../geo/rfc3339.js';
import { problems } from '../problem.js';
import { commandSchema, PartyId, Rfc3339 } from './fields.js';
import { defineCommand, type HubConsequence } from './handler.js';

const Side = Type.Object(
  { id: DeclarationId, version: Version, party: PartyId, roster: Type.String() },
  { additionalProperties: false },
);

const CoarseBox = Type.Array(Type.Number(), {
  minItems: 4,
  maxItems: 4,
  description: 'west, south, east, north',
});

interface Recorded {
  found: ConflictSide;
  against: ConflictSide;
  extent: CoarseExtent;
  pairs: PairMeasures[];
}

// Pairs the writer has just computed, so that applying its own entry does not compute them again.
const computed = new WeakMap<object, PairMeasures[]>();

const sideOf = (side: ConflictSide) => ({
  id: side.declaration,
  version: side.version,
  party: side.party,
  roster: side.roster,
});

export function conflictsFoundCommand(recorded: readonly Recorded[], otherParty: string): HubConsequence {
  const first = recorded[0] as Recorded;
  const conflicts = recorded.map((r) => {
    const item = {
      against: sideOf(r.against),
      area: r.extent.area.map((b) => [b.minX, b.minY, b.maxX, b.maxY]),
      from: new Date(r.extent.from).toISOString(),
      until: new Date(r.extent.until).toISOString(),
    };
    computed.set(item, r.pairs);
    return item;
  });
  return {
    command: { type: conflictsFound.type, found: sideOf(first.found), conflicts },
    visibility: [...new Set([first.found.party, otherParty])].sort(),
  };
}

export const conflictsFound = defineCommand({
  type: 'conflicts.found',
  schema: commandSchema(
    'conflicts.found',
    {
      found: Side,
      conflicts: Type.Array(
        Type.Object(
          { against: Side, area: Type.Array(CoarseBox), from: Rfc3339, until: Rfc3339 },
          { additionalProperties: false },
        ),
      ),
    },
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
          area: item.area.map(([minX, minY, maxX, maxY]) => ({ minX, minY, maxX, maxY }) as never),
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
