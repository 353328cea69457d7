import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { CONTENT_NAMED } from '../web-assets.js';

/** dist/web beside the package.json above this module, whether it runs from src/ (tsx) or dist/. */
function webRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  const root = join(dir, 'dist', 'web');
  return existsSync(join(root, 'index.html')) ? root : null;
}

/** The operational picture (built from web/ by `npm run build`) at `/`; without a build, nothing is served. */
export const webRoutes: FastifyPluginAsync = async (app) => {
  const root = webRoot();
  if (root === null) {
    app.log.warn('dist/web is not built: run `npm run build` to serve the operational picture');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    schemaHide: true,
    // Built beside each file: brotli or gzip, as the browser accepts.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (response, path) => {
      // The page is asked again each time (a 304 when unchanged), so a new build is seen at once.
      response.setHeader(
        'cache-control',
        CONTENT_NAMED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      // A cache between the hub and its browsers keeps one copy per encoding.
      response.setHeader('vary', 'accept-encoding');
    },
  });
};
