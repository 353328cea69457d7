import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Hub } from '../../hub/hub.js';
import { Problem, problems } from '../../hub/problem.js';
import { maySeeEntry } from '../../hub/who-may-see.js';
import { decodeEntry, encodeBase64, parseTilePath, TilePathError, tileWidthFor } from '../../record/index.js';
import {
  BEARER_SECURITY,
  READER_SECURITY,
  recordReader,
  requireSession,
  sessionOperator,
} from '../authenticated.js';
import type { RecordReaders } from '../record-readers.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

export interface RecordRoutesOptions {
  hub: Hub;
  sessions: Sessions;
  readers: RecordReaders;
}

export const MAX_ENTRIES_PER_PAGE = 1000;

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Proof = Type.Object({ proof: Type.Array(Type.String({ description: 'base64 SHA-256 hash' })) });
const problemsOnly = { '4xx': ProblemSchema };

/** The schema's integer check lets ±Infinity through once coerced from text; this does not. */
function safeCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw problems.badRequest(`${field} must be a whole number of entries`, [
      { field: `query:${field}`, reason: 'must be a non-negative integer' },
    ]);
  }
  return value;
}

/**
 * The record: checkpoints, proofs and C2SP hash tiles for its readers (anyone, or the keys the hub
 * names: see record-readers.ts); entries for signed-in parties (content where the party may read
 * it, the leaf hash always, so the whole tree can be checked).
 */
export const recordRoutes: FastifyPluginAsyncTypebox<RecordRoutesOptions> = async (
  app,
  { hub, sessions, readers },
) => {
  const signedIn = { preHandler: requireSession(sessions) };
  const readable = { preHandler: recordReader(sessions, readers) };
  const tags = ['record'];

  app.get(
    '/v1/record/checkpoint',
    {
      ...readable,
      schema: {
        summary: 'The latest signed checkpoint (C2SP tlog-checkpoint)',
        tags,
        security: READER_SECURITY,
        response: { 200: Type.String(), ...problemsOnly },
      },
    },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(hub.checkpoint()),
  );

  app.get(
    '/v1/record/key',
    {
      schema: {
        summary: 'The hub’s C2SP verifier key, for monitors and witnesses',
        tags,
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(`${hub.verifierKey}\n`),
  );

  app.get(
    '/v1/record/entries',
    {
      ...signedIn,
      schema: {
        summary: 'Entries by range',
        description: `At most ${MAX_ENTRIES_PER_PAGE} per call. \`entry\` is present only where the party may read it.`,
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object({ start: Count, end: Count }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            size: Type.Integer(),
            entries: Type.Array(
              Type.Object({
                index: Type.Integer(),
                leaf_hash: Type.String(),
                entry: Type.Optional(Type.Unknown()),
                damaged: Type.Optional(Type.Boolean()),
              }),
            ),
          }),
          ...problemsOnly,
        },
      },
    },
    async (request) => {
      const start = safeCount(request.query.start, 'start');
      const end = safeCount(request.query.end, 'end');
      const party = sessionOperator(request).party;
      const size = hub.record.size;
      if (end < start || end > size || end - start > MAX_ENTRIES_PER_PAGE) {
        throw problems.badRequest(
          `ask for start <= end <= ${size}, at most ${MAX_ENTRIES_PER_PAGE} entries`,
          [
            {
              field: 'query:end',
              reason: `must be between start and min(size, start + ${MAX_ENTRIES_PER_PAGE})`,
            },
          ],
        );
      }
      const [stored, leaves] = await Promise.all([
        hub.store.entries(start, end),
        hub.record.hashes(0, start, end),
      ]);
      return {
        size,
        entries: stored.map((item, i) => {
          const leafHash = encodeBase64(leaves[i] ?? new Uint8Array());
          let entry: ReturnType<typeof decodeEntry>;
          try {
            entry = decodeEntry(item.bytes);
          } catch {
            return { index: item.index, leaf_hash: leafHash, damaged: true };
          }
          return maySeeEntry(entry, party)
            ? { index: item.index, leaf_hash: leafHash, entry }
            : { index: item.index, leaf_hash: leafHash };
        }),
      };
    },
  );

  app.get(
    '/v1/record/proof/inclusion',
    {
      ...readable,
      schema: {
        summary: 'Inclusion proof of an entry in the record at a size',
        tags,
        security: READER_SECURITY,
        querystring: Type.Object({ index: Count, size: Count }, { additionalProperties: false }),
        response: { 200: Proof, ...problemsOnly },
      },
    },
    async (request) => {
      const index = safeCount(request.query.index, 'index');
      const size = safeCount(request.query.size, 'size');
      if (size > hub.record.size || index >= size) {
        throw problems.badRequest(`need index < size <= ${hub.record.size}`, [
          { field: 'query:size', reason: 'out of range' },
        ]);
      }
      return { proof: (await hub.record.inclusionProof(index, size)).map(encodeBase64) };
    },
  );

  app.get(
    '/v1/record/proof/consistency',
    {
      ...readable,
      schema: {
        summary: 'Consistency proof between two sizes of the record',
        tags,
        security: READER_SECURITY,
        querystring: Type.Object({ from: Count, to: Count }, { additionalProperties: false }),
        response: { 200: Proof, ...problemsOnly },
      },
    },
    async (request) => {
      const from = safeCount(request.query.from, 'from');
      const to = safeCount(request.query.to, 'to');
      if (from > to || to > hub.record.size) {
        throw problems.badRequest(`need from <= to <= ${hub.record.size}`, [
          { field: 'query:to', reason: 'out of range' },
        ]);
      }
      return { proof: (await hub.record.consistencyProof(from, to)).map(encodeBase64) };
    },
  );

  app.get(
    '/v1/record/tile/*',
    {
      ...readable,
      schema: {
        summary: 'A C2SP tlog-tiles hash tile, e.g. tile/0/x001/234 or tile/1/000.p/8',
        description:
          'Entry bundles are not served: entry content is disclosed per party through /v1/record/entries.',
        tags,
        security: READER_SECURITY,
        response: {
          200: Type.Unsafe<Buffer>({
            type: 'string',
            format: 'binary',
            description: 'Concatenated 32-byte hashes',
          }),
          ...problemsOnly,
        },
      },
    },
    async (request, reply) => {
      const path = `tile/${(request.params as { '*': string })['*']}`;
      let tile: ReturnType<typeof parseTilePath>;
      try {
        tile = parseTilePath(path);
      } catch (error) {
        if (error instanceof TilePathError) throw problems.notFound(error.message, 'path');
        throw error;
      }
      if (tile.level === 'entries') throw problems.notFound('entry bundles are not served', 'path');
      const available = tileWidthFor(tile.level, tile.index, hub.record.size);
      if (available < tile.width)
        throw new Problem(404, 'not-found', 'No such tile', `${path} does not exist yet`);
      const first = tile.index * 256;
      const hashes = await hub.record.hashes(tile.level * 8, first, first + tile.width);
      return reply
        .type('application/octet-stream')
        .header('cache-control', tile.width === 256 ? 'public, max-age=31536000, immutable' : 'no-store')
        .send(Buffer.concat(hashes));
    },
  );
};
