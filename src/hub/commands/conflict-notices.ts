// The conflict notices owners get when conflicts are recorded: hub notices to the roster each owner
// named on its declarations, routed and escalated like any message, telling what the
// conflicts.found entry tells — whose, where and when roughly, and whom to call — and no more.
// One notice per party and roster for everything one submit or amend found with one other party:
// an operation across a crowded area may meet dozens of another party's declarations, and a duty
// officer asked to acknowledge dozens of notices about one event is worse served than by one.
import { randomUUID } from 'node:crypto';
import type { MessageBody } from '../../hotline/message-schema.js';
import type { HubState } from '../state.js';
import { byOtherParty, type NoticeConflict } from './conflict-notice.js';
import type { HubConsequence } from './handler.js';
import { messageNotice } from './message-notice.js';
import { routeMessage } from './message-routing.js';

type Side = NoticeConflict['found'];

const named = (side: Side) => `${side.declaration}@${side.version}`;
const unique = <T>(items: T[]) => [...new Set(items)];

/** The notice to one side's party and roster about a group of conflicts with one other party. */
function notice(
  state: HubState,
  own: Side[],
  other: Side[],
  conflicts: readonly NoticeConflict[],
): MessageBody {
  const [first] = own as [Side];
  const [counterpart] = other as [Side];
  const duty = state.hotline.rosterFor(first.party, first.roster) ? first.roster : undefined;
  const boxes = conflicts.flatMap((c) => c.extent.area.map((b) => [b.minX, b.minY, b.maxX, b.maxY]));
  return {
    id: `${state.identity?.party ?? 'hub'}/conflict-${randomUUID()}`,
    kind: 'notification',
    recipients: [{ party: first.party, ...(duty ? { duty } : {}) }],
    template: {
      name: 'conflict-notice',
      fields: {
        declaration: unique(own.map(named)),
        conflicting: unique(other.map(named)),
        other_party: counterpart.party,
        area: unique(boxes.map((box) => JSON.stringify(box))).map((box) => JSON.parse(box) as number[]),
        from: new Date(Math.min(...conflicts.map((c) => c.extent.from))).toISOString(),
        until: new Date(Math.max(...conflicts.map((c) => c.extent.until))).toISOString(),
        roster: unique(other.map((side) => side.roster)).join(', '),
      },
    },
    references: unique([...own, ...other].map(named)).map((id) => {
      const at = id.lastIndexOf('@');
      return { type: 'declaration' as const, id: id.slice(0, at), version: Number(id.slice(at + 1)) };
    }),
  };
}

export function conflictNotices(
  state: HubState,
  conflicts: readonly NoticeConflict[],
  now: number,
  online: (operator: string) => boolean,
): HubConsequence[] {
  const bodies: MessageBody[] = [];
  for (const group of byOtherParty(conflicts).values()) {
    // The submitter hears once of everything it met of that party.
    bodies.push(
      notice(
        state,
        group.map((c) => c.found),
        group.map((c) => c.against),
        group,
      ),
    );
    // The other party hears once per roster its declarations named.
    const byRoster = new Map<string, NoticeConflict[]>();
    for (const conflict of group)
      byRoster.set(conflict.against.roster, [...(byRoster.get(conflict.against.roster) ?? []), conflict]);
    for (const list of byRoster.values())
      bodies.push(
        notice(
          state,
          list.map((c) => c.against),
          list.map((c) => c.found),
          list,
        ),
      );
  }
  return bodies.flatMap((body) => [
    {
      command: { type: messageNotice.type, message: body },
      visibility: [body.recipients[0]?.party as string],
    },
    ...routeMessage(state, body, null, now, online),
  ]);
}
