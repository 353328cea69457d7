import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import { commandSchema, PartyId, Rfc3339 } from './fields.js';
import { defineCommand } from './handler.js';
import { trackArchive } from './track-archive.js';

export const ArchiveBatchId = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'SHA-256 of the batch’s positions (see archive-batch.ts), lower-case hex.',
});

export const tracksArchived = defineCommand({
  type: 'tracks.archived',
  schema: commandSchema(
    'tracks.archived',
    {
      party: PartyId,
      batch: ArchiveBatchId,
      positions: Type.Integer({ minimum: 1 }),
      from: Rfc3339,
      until: Rfc3339,
    },
    'Written by the hub: a batch of the party’s kept track positions, committed by the hash of its ' +
      'positions, so that an inquiry can rely on the archive. For the party.',
  ),
  decide() {
    throw problems.forbidden('only the hub keeps track positions');
  },
  apply(state, command) {
    trackArchive(state).committed({
      batch: command.batch,
      party: command.party,
      positions: command.positions,
      from: Date.parse(command.from),
      until: Date.parse(command.until),
      entry: state.size,
    });
  },
});
