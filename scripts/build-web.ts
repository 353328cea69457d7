// Builds the operational picture (web/) into dist/web: one ES module bundle, its page and styles, and
// the Natural Earth outlines from the world-atlas package, so the map needs no tile server or internet.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'web');

/**
 * The record's proof checks (src/record/verify.ts) hash with node:crypto; in the browser the same
 * code runs on a synchronous SHA-256 from @noble/hashes, so the proofs are checked by one implementation.
 */
const browserSha256: Plugin = {
  name: 'browser-sha256',
  setup(bundler) {
    bundler.onResolve({ filter: /^node:crypto$/ }, () => ({
      path: join(root, 'web', 'record', 'sha256.ts'),
    }));
  },
};

export async function buildWeb(): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(root, 'web', 'main.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(outdir, 'main.js'),
    sourcemap: true,
    minify: true,
    logLevel: 'warning',
    plugins: [browserSha256],
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(root, 'web', file), join(outdir, file));
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve('world-atlas/countries-50m.json'), join(outdir, 'countries-50m.json'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
