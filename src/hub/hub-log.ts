import type { HubLog } from '../witness/hub-witnessing.js';
import type { Hub } from './hub.js';

/** The hub as its witnessing sees it: told of every commit, reading the policy the parties agreed. */
export function hubLog(hub: Hub): HubLog {
  return {
    verifierKey: hub.verifierKey,
    checkpoint: () => hub.checkpoint(),
    consistencyProof: (from, to) => hub.record.consistencyProof(from, to),
    policy: () => hub.read((state) => state.witnessing.inForce()?.policy ?? null),
    onCommit: (listener) => hub.subscribe({ name: 'witnessing', entries: () => listener() }),
  };
}
