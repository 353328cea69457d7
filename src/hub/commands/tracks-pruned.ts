import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import { commandSchema, PartyId } from './fields.js';
import { defineCommand } from './handler.js';
import { trackArchive } from './track-archive.js';
import { ArchiveBatchId } from './tracks-archived.js';

/** Batches one entry names at most: a sweep deletes more in several entries. */
export const MAX_PRUNED_BATCHES = 1000;

export const tracksPruned = defineCommand({
  type: 'tracks.pruned',
  schema: commandSchema(
    'tracks.pruned',
    {
      party: PartyId,
      batches: Type.Array(ArchiveBatchId, { minItems: 1, maxItems: MAX_PRUNED_BATCHES }),
      reason: Type.Union([Type.Literal('retention'), Type.Literal('quota')]),
    },
    'Written by the hub: these batches of the party’s kept positions are deleted, past the retention ' +
      'period its operator set or beyond the party’s quota of kept positions, oldest first. For the party.',
  ),
  decide() {
    throw problems.forbidden('only the hub deletes kept positions');
  },
  apply(state, command) {
    trackArchive(state).pruned(command.party, command.batches);
  },
});
