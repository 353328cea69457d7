// Builds the operational picture (web/) into dist/web: an ES module bundle, with MapLibre GL and the
// PMTiles reader split off (loaded once signed in) and MapLibre's worker and styles beside them, the
// page and its styles, and the Natural Earth outlines from the world-atlas package, so that the map
// needs no tile server or internet when the operator gives no basemap.
// Every file but the page is named by its content, and each is written compressed beside itself
// (brotli and gzip), so the hub sends a browser the smallest form it accepts and never the same file
// twice.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { contentNamed } from '../src/api/web-assets.js';

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

type Countries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/**
 * A degree's decimals kept in the outlines: 0.0001° is some 11 m, far inside the grid world-atlas
 * quantises Natural Earth to (0.0036° by 0.0017°), and the files are less than half as long as with
 * every digit the conversion leaves.
 */
const OUTLINE_DEGREE_DECIMALS = 4;

/**
 * Natural Earth's land and the borders between countries at one scale, converted from world-atlas's
 * TopoJSON to GeoJSON here, once, rather than in each browser: MapLibre's worker then fetches and
 * reads the file as it is, and the page's thread does none of it. The land's polygons are marked
 * `kind: 'land'`, the borders `kind: 'border'`, as web/map/world-outline.ts draws them.
 */
function worldOutline(topologyPath: string): Buffer {
  const topology = JSON.parse(readFileSync(topologyPath, 'utf8')) as Countries;
  const land = feature(topology, topology.objects.land).features.map((polygon) => ({
    ...polygon,
    properties: { kind: 'land' },
  }));
  const borders = {
    type: 'Feature',
    properties: { kind: 'border' },
    geometry: mesh(topology, topology.objects.countries, (a, b) => a !== b),
  };
  const scale = 10 ** OUTLINE_DEGREE_DECIMALS;
  return Buffer.from(
    JSON.stringify({ type: 'FeatureCollection', features: [...land, borders] }, (_, value) =>
      typeof value === 'number' ? Math.round(value * scale) / scale : value,
    ),
  );
}

/** Files smaller than this gain nothing worth a second copy from compression. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * The build's files, each written whole under a temporary name and then renamed: a hub serving
 * dist/web while the picture is built again (as tests do, side by side) never sends half a file.
 */
class BuildOutput {
  readonly names = new Set<string>();

  write(name: string, bytes: Uint8Array): void {
    this.put(name, bytes);
    if (!this.compressed(name, bytes)) return;
    this.put(
      `${name}.br`,
      brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    );
    this.put(`${name}.gz`, gzipSync(bytes, { level: 9 }));
  }

  /**
   * Writes a file under a name made from its content; returns that name. What an earlier build wrote
   * under that name is these bytes, and is kept with its compressed copies rather than made again:
   * brotli at its best takes a quarter of a minute over the 1:10 m outline, and each browser test
   * builds the picture.
   */
  writeContentNamed(name: string, bytes: Uint8Array): string {
    const named = contentNamed(name, createHash('sha256').update(bytes).digest('hex'));
    const files = [named, ...(this.compressed(named, bytes) ? [`${named}.br`, `${named}.gz`] : [])];
    if (files.every((file) => existsSync(join(outdir, file)))) for (const file of files) this.names.add(file);
    else this.write(named, bytes);
    return named;
  }

  /** Whether the file is also written compressed. */
  private compressed(name: string, bytes: Uint8Array): boolean {
    // Source maps are read by an officer's developer tools only, if ever.
    return bytes.length >= COMPRESS_FROM_BYTES && !name.endsWith('.map');
  }

  /** Removes what earlier builds left, which have other names. */
  prune(): void {
    for (const name of readdirSync(outdir))
      if (!this.names.has(name) && !name.endsWith('.partial')) rmSync(join(outdir, name), { force: true });
  }

  private put(name: string, bytes: Uint8Array): void {
    const partial = join(outdir, `${name}.${process.pid}.partial`);
    writeFileSync(partial, bytes);
    renameSync(partial, join(outdir, name));
    this.names.add(name);
  }
}

export async function buildWeb(): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  const output = new BuildOutput();
  const require = createRequire(import.meta.url);
  // The 1:50 m outline is drawn first, a sixth of the 1:10 m one; the 1:10 m replaces it once read.
  const [coarseOutline, fineOutline] = ['50m', '10m'].map((scale) =>
    output.writeContentNamed(
      `world-outline-${scale}.json`,
      worldOutline(require.resolve(`world-atlas/countries-${scale}.json`)),
    ),
  );
  // Its map file is not copied: nobody but a MapLibre developer reads it.
  const worker = output.writeContentNamed(
    'maplibre-gl-worker.js',
    Buffer.from(
      readFileSync(require.resolve('maplibre-gl/dist/maplibre-gl-worker.mjs'), 'utf8').replace(
        /\n\/\/# sourceMappingURL=.*\s*$/,
        '\n',
      ),
    ),
  );
  // MapLibre's styles are linked by the map as it opens (web/map/maplibre-stylesheet.ts), so the
  // sign-in page loads the picture's own only.
  const mapLibreStyle = output.writeContentNamed(
    'maplibre-gl.css',
    readFileSync(require.resolve('maplibre-gl/dist/maplibre-gl.css')),
  );
  const style = output.writeContentNamed('style.css', readFileSync(join(root, 'web', 'style.css')));
  const built = await build({
    entryPoints: [join(root, 'web', 'main.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    splitting: true,
    metafile: true,
    sourcemap: true,
    minify: true,
    write: false,
    logLevel: 'warning',
    define: {
      WORLD_OUTLINE_50M_URL: JSON.stringify(coarseOutline),
      WORLD_OUTLINE_10M_URL: JSON.stringify(fineOutline),
      MAPLIBRE_WORKER_URL: JSON.stringify(worker),
      MAPLIBRE_STYLE_URL: JSON.stringify(mapLibreStyle),
    },
    plugins: [browserSha256],
  });
  // The page loads the entry point's output; the chunks split off are imported from it.
  const entryPoint = join(root, 'web', 'main.ts');
  const script = Object.entries(built.metafile.outputs).find(
    ([, out]) => out.entryPoint !== undefined && resolve(out.entryPoint) === entryPoint,
  )?.[0];
  for (const file of built.outputFiles) output.write(basename(file.path), file.contents);
  if (!script) throw new Error('the picture was built without its script');
  const page = readFileSync(join(root, 'web', 'index.html'), 'utf8');
  const linked = page
    .replace('href="style.css"', `href="${style}"`)
    .replace('src="main.js"', `src="${basename(script)}"`);
  if (linked.includes('"style.css"') || linked.includes('"main.js"') || linked === page)
    throw new Error('web/index.html no longer links style.css and main.js as the build expects');
  output.write('index.html', Buffer.from(linked));
  output.prune();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
