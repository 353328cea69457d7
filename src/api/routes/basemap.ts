// The operator's basemap (a PMTiles archive, see basemap-archive.ts), served as the page is, to anyone
// who may load the page: it shows the theatre's land, sea and roads, nothing of any party. The map
// reads it a byte range at a time; `GET /v1/basemap` tells the page whether there is one.
import type { FastifyPluginAsync } from 'fastify';
import type { BasemapArchive } from '../basemap-archive.js';
import { byteRange } from '../byte-range.js';

export const BASEMAP_PATH = '/basemap.pmtiles';

export const basemapRoutes: FastifyPluginAsync<{ basemap: BasemapArchive | null }> = async (
  app,
  { basemap },
) => {
  app.get(
    '/v1/basemap',
    {
      schema: {
        summary: 'Whether the hub serves a basemap, and where',
        description:
          'The offline vector basemap the operator gave the hub (`deconflict serve --basemap`), a PMTiles v3 ' +
          'archive read with HTTP range requests; null when the map draws the built-in world outline.',
        tags: ['web'],
      },
    },
    async () => ({ basemap: basemap && { url: BASEMAP_PATH, bytes: basemap.bytes } }),
  );
  if (!basemap) return;
  app.get(BASEMAP_PATH, { schema: { hide: true } }, async (request, reply) => {
    reply
      .header('accept-ranges', 'bytes')
      .header('etag', basemap.etag)
      // Asked again each time, answered 304 or with the range: a hub restarted with another file is seen.
      .header('cache-control', 'no-cache')
      .type('application/vnd.pmtiles');
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === basemap.etag || tag.trim() === '*'))
      return reply.code(304).send();
    // A range of another version of the file is not asked for: the whole current one is sent.
    const ifRange = request.headers['if-range'];
    const range =
      ifRange === undefined || ifRange === basemap.etag
        ? byteRange(request.headers.range, basemap.bytes)
        : null;
    if (range === 'unsatisfiable')
      return reply.code(416).header('content-range', `bytes */${basemap.bytes}`).send();
    const { start, end } = range ?? { start: 0, end: basemap.bytes - 1 };
    if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${basemap.bytes}`);
    return reply.header('content-length', end - start + 1).send(basemap.slice(start, end));
  });
};
