// A PMTiles v3 archive written from the specification (protomaps/PMTiles spec/v3/spec.md), independently
// of the pmtiles reader the picture uses: a header, one root directory, JSON metadata and the tiles,
// encoded as Mapbox Vector Tiles (vt-pbf over geojson-vt) with the layers a basemap's schema names.
import { writeFileSync } from 'node:fs';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';

const HEADER_BYTES = 127;
const COMPRESSION_NONE = 1;
const TILE_TYPE_MVT = 1;

/** The tile's place on the Hilbert curves of zoom 0, 1, … z (the spec's TileId). */
export function tileId(z: number, x: number, y: number): number {
  let id = (4 ** z - 1) / 3;
  const n = 2 ** z;
  let [tx, ty] = [x, y];
  let d = 0;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) [tx, ty] = [n - 1 - tx, n - 1 - ty];
      [tx, ty] = [ty, tx];
    }
  }
  id += d;
  return id;
}

function varints(values: readonly number[]): Buffer {
  const bytes: number[] = [];
  for (let value of values) {
    while (value >= 0x80) {
      bytes.push((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    bytes.push(value);
  }
  return Buffer.from(bytes);
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
}

/** Count, then each column: TileId deltas, RunLengths, Lengths, Offsets (0: right after the previous). */
function directory(entries: readonly Entry[]): Buffer {
  return varints([
    entries.length,
    ...entries.map((entry, i) => entry.tileId - (i === 0 ? 0 : (entries[i - 1]?.tileId ?? 0))),
    ...entries.map(() => 1),
    ...entries.map((entry) => entry.length),
    ...entries.map((entry, i) => {
      const previous = entries[i - 1];
      return previous && entry.offset === previous.offset + previous.length ? 0 : entry.offset + 1;
    }),
  ]);
}

/** The x and y of the tile of zoom `z` that holds a position. */
export function tileAt(lon: number, lat: number, z: number): [number, number] {
  return [tileX(lon, z), tileY(lat, z)];
}

function tileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}
function tileY(lat: number, z: number): number {
  const φ = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(φ) + 1 / Math.cos(φ)) / Math.PI) / 2) * 2 ** z);
}

export interface BasemapContent {
  /** Features of each vector layer, by the layer's name in the schema. */
  layers: Record<string, GeoJSON.Feature[]>;
  /** West, south, east, north of the tiles written. */
  bounds: [number, number, number, number];
  maxZoom: number;
  /** The archive's metadata, e.g. `vector_layers` naming the schema's layers. */
  metadata: Record<string, unknown>;
}

/** Writes the archive to `path`; returns its bytes. */
export function writePmtiles(path: string, content: BasemapContent): Buffer {
  const [west, south, east, north] = content.bounds;
  const indexes = Object.fromEntries(
    Object.entries(content.layers).map(([name, features]) => [
      name,
      new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom: content.maxZoom, indexMaxZoom: 0 }),
    ]),
  );
  const tiles: { id: number; bytes: Buffer }[] = [];
  for (let z = 0; z <= content.maxZoom; z++)
    for (let x = tileX(west, z); x <= tileX(east, z); x++)
      for (let y = tileY(north, z); y <= tileY(south, z); y++) {
        const layers = Object.fromEntries(
          Object.entries(indexes).flatMap(([name, index]) => {
            const tile = index.getTile(z, x, y);
            return tile && tile.features.length > 0 ? [[name, tile]] : [];
          }),
        );
        if (Object.keys(layers).length > 0)
          tiles.push({ id: tileId(z, x, y), bytes: Buffer.from(fromGeojsonVt(layers, { version: 2 })) });
      }
  tiles.sort((a, b) => a.id - b.id);
  let offset = 0;
  const entries = tiles.map((tile) => {
    const entry = { tileId: tile.id, offset, length: tile.bytes.length };
    offset += tile.bytes.length;
    return entry;
  });
  const root = directory(entries);
  const metadata = Buffer.from(JSON.stringify(content.metadata));
  const data = Buffer.concat(tiles.map((tile) => tile.bytes));

  const header = Buffer.alloc(HEADER_BYTES);
  header.write('PMTiles', 0, 'latin1');
  header[7] = 3;
  const sections = [
    [HEADER_BYTES, root.length],
    [HEADER_BYTES + root.length, metadata.length],
    [HEADER_BYTES + root.length + metadata.length, 0],
    [HEADER_BYTES + root.length + metadata.length, data.length],
  ];
  sections.forEach(([at, length], i) => {
    header.writeBigUInt64LE(BigInt(at ?? 0), 8 + 16 * i);
    header.writeBigUInt64LE(BigInt(length ?? 0), 16 + 16 * i);
  });
  for (const [i, count] of [tiles.length, tiles.length, tiles.length].entries())
    header.writeBigUInt64LE(BigInt(count), 72 + 8 * i);
  header[96] = 1;
  header[97] = COMPRESSION_NONE;
  header[98] = COMPRESSION_NONE;
  header[99] = TILE_TYPE_MVT;
  header[100] = 0;
  header[101] = content.maxZoom;
  const e7 = (degrees: number) => Math.round(degrees * 1e7);
  header.writeInt32LE(e7(west), 102);
  header.writeInt32LE(e7(south), 106);
  header.writeInt32LE(e7(east), 110);
  header.writeInt32LE(e7(north), 114);
  header[118] = Math.min(content.maxZoom, 8);
  header.writeInt32LE(e7((west + east) / 2), 119);
  header.writeInt32LE(e7((south + north) / 2), 123);
  const archive = Buffer.concat([header, root, metadata, data]);
  writeFileSync(path, archive);
  return archive;
}
