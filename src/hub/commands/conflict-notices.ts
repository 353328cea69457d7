// The conflict notice each owner gets when a conflict is recorded: a hub notice to the roster the
// owner named on its declaration, routed and escalated like any message, telling what the
// conflicts.found entry tells — whose, where and when roughly, and whom to call — and no more.
import { randomUUID } from 'node:crypto';
import type { MessageBody } from '../../hotline/message-schema.js';
import type { HubState } from '../state.js';
import type { NoticeConflict } from './conflict-notice.js';
import type { HubConsequence } from './handler.js';
import { messageNotice } from './message-notice.js';
import { routeMessage } from './message-routing.js';

export function conflictNotices(
  state: HubState,
  conflicts: readonly NoticeConflict[],
  now: number,
  online: (operator: string) => boolean,
): HubConsequence[] {
  const hubParty = state.identity?.party ?? 'hub';
  const notices: HubConsequence[] = [];
  for (const conflict of conflicts) {
    for (const [own, other] of [
      [conflict.found, conflict.against],
      [conflict.against, conflict.found],
    ] as const) {
      const duty = state.hotline.rosterFor(own.party, own.roster) ? own.roster : undefined;
      const body: MessageBody = {
        id: `${hubParty}/conflict-${randomUUID()}`,
        kind: 'notification',
        recipients: [{ party: own.party, ...(duty ? { duty } : {}) }],
        template: {
          name: 'conflict-notice',
          fields: {
            declaration: `${own.declaration}@${own.version}`,
            conflicting: `${other.declaration}@${other.version}`,
            other_party: other.party,
            area: conflict.extent.area.map((b) => [b.minX, b.minY, b.maxX, b.maxY]),
            from: new Date(conflict.extent.from).toISOString(),
            until: new Date(conflict.extent.until).toISOString(),
            roster: other.roster,
          },
        },
        references: [
          { type: 'declaration', id: own.declaration, version: own.version },
          { type: 'declaration', id: other.declaration, version: other.version },
        ],
      };
      notices.push({ command: { type: messageNotice.type, message: body }, visibility: [own.party] });
      notices.push(...routeMessage(state, body, null, now, online));
    }
  }
  return notices;
}
