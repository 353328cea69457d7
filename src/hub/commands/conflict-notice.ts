// What the hub writes about conflicts for their owners: the declarations on both sides, whose they
// are, the coarse area and hours, and the rosters to call. One notice per other party, so that no
// owner learns of a third party's declarations.
import { Type } from '@sinclair/typebox';
import { DeclarationId, Version } from '../../deconfliction/declaration-schema.js';
import type { CoarseExtent, ConflictSide, PairMeasures } from '../../deconfliction/recorded-conflict.js';
import { PartyId, Rfc3339 } from './fields.js';

export const NoticeSide = Type.Object(
  { id: DeclarationId, version: Version, party: PartyId, roster: Type.String() },
  { additionalProperties: false },
);

const CoarseBox = Type.Array(Type.Number(), {
  minItems: 4,
  maxItems: 4,
  description: 'west, south, east, north',
});

export const NoticeConflicts = Type.Array(
  Type.Object(
    { against: NoticeSide, area: Type.Array(CoarseBox), from: Rfc3339, until: Rfc3339 },
    { additionalProperties: false },
  ),
);

export interface NoticeConflict {
  found: ConflictSide;
  against: ConflictSide;
  extent: CoarseExtent;
  pairs: PairMeasures[];
}

export const sideFields = (side: ConflictSide) => ({
  id: side.declaration,
  version: side.version,
  party: side.party,
  roster: side.roster,
});

export function noticeItem(conflict: NoticeConflict) {
  return {
    against: sideFields(conflict.against),
    area: conflict.extent.area.map((b) => [b.minX, b.minY, b.maxX, b.maxY]),
    from: new Date(conflict.extent.from).toISOString(),
    until: new Date(conflict.extent.until).toISOString(),
  };
}

/** The conflicts grouped by the other declaration's party, in order of first appearance. */
export function byOtherParty<T extends NoticeConflict>(conflicts: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const conflict of conflicts) {
    const list = groups.get(conflict.against.party);
    if (list) list.push(conflict);
    else groups.set(conflict.against.party, [conflict]);
  }
  return groups;
}
