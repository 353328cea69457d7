// Time to acknowledge, per recipient party and roster, from the record as it is committed: the
// figure a duty chief watches to know whether the hotline is answered.
import type { Hub } from '../hub/hub.js';
import type { CommittedEntry } from '../hub/subscribers.js';
import type { HubMetrics } from './metrics.js';

export function observeAcknowledgments(hub: Hub, metrics: HubMetrics): () => void {
  return hub.subscribe({
    name: 'acknowledgment metrics',
    entries: (committed) => observe(hub, metrics, committed),
  });
}

function observe(hub: Hub, metrics: HubMetrics, committed: CommittedEntry[]): void {
  for (const { entry } of committed) {
    if (entry.kind !== 'delivery.receipt' || entry.command.state !== 'acknowledged') continue;
    const found = hub.live((state) =>
      state.hotline.delivery(String(entry.command.message), String(entry.command.recipient)),
    );
    if (!found) continue;
    const seconds = (Date.parse(entry.time) - Date.parse(found.message.time)) / 1000;
    metrics.observeAcknowledgment(
      found.delivery.party,
      found.delivery.roster,
      found.message.body.kind,
      seconds,
    );
  }
}
