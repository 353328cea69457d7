// The hub's record that a party was told of conflicts it did not name, when its submit or amend was
// refused with 409. What a party has been told is knowledge an inquiry must be able to prove even
// if the party never declares; and the owner of a declaration it may not see learns that someone
// came close to it, which makes probing the refusals for hidden positions visible to their owner.
import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import {
  type NoticeConflict,
  NoticeConflicts,
  NoticeSide,
  noticeItem,
  sideFields,
} from './conflict-notice.js';
import { commandSchema, OperatorId, PartyId } from './fields.js';
import { defineCommand, type HubConsequence } from './handler.js';

export function conflictsDisclosedCommand(
  conflicts: readonly NoticeConflict[],
  otherParty: string,
  by: { party: string; operator: string },
): HubConsequence {
  const first = conflicts[0] as NoticeConflict;
  return {
    command: {
      type: conflictsDisclosed.type,
      by,
      refused: sideFields(first.found),
      conflicts: conflicts.map(noticeItem),
    },
    visibility: [...new Set([by.party, otherParty])].sort(),
  };
}

export const conflictsDisclosed = defineCommand({
  type: 'conflicts.disclosed',
  schema: commandSchema(
    'conflicts.disclosed',
    {
      by: Type.Object({ party: PartyId, operator: OperatorId }, { additionalProperties: false }),
      refused: NoticeSide,
      conflicts: NoticeConflicts,
    },
    'Written by the hub when it refuses a declaration for conflicts it does not name: who was told of which.',
  ),
  decide() {
    throw problems.forbidden('only the hub records disclosures');
  },
  // The entry itself is the evidence; the state keeps where it is, for an incident to link it.
  apply(state, command, entry) {
    state.deconfliction.disclosures.push({
      entry: state.size,
      visibility: entry.visibility,
      declarations: [command.refused.id, ...command.conflicts.map((c) => c.against.id)],
    });
  },
});
