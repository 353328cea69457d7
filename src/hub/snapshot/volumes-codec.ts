// The declared volumes of many declarations in a snapshot, as binary numbers rather than JSON: a
// volume is mostly doubles (vertices as declared and as n-vectors, radius, altitudes, times), which
// JSON spells in twenty characters each and parses back slowly. The numbers are written exactly (as
// IEEE doubles), so a restored volume is the replayed one bit for bit. The few strings go apart: a
// volume's id only where it is not `<declaration>#<position>`, and zones' restrictions.

import type { DeclaredVolume, VolumeRestriction } from '../../deconfliction/declaration.js';
import type { Core, Vertex } from '../../geo/shape.js';

/** The volumes of a list of declarations: one section of doubles and one of JSON exceptions. */
export interface EncodedVolumes {
  numbers: Uint8Array;
  strings: Uint8Array;
}

const CORE_KINDS = ['point', 'polyline', 'polygon'] as const;
/** Kind, radius, altitudes, times and the number of vertices; then five doubles a vertex. */
const VOLUME_DOUBLES = 7;
const VERTEX_DOUBLES = 5;

/** [declaration position, volume position, id or null, restriction or null]: what the numbers lack. */
type Exception = [number, number, string | null, VolumeRestriction | null];

function verticesOf(core: Core): readonly Vertex[] {
  return core.kind === 'point' ? [core.at] : core.kind === 'polyline' ? core.vertices : core.ring;
}

export function encodeVolumes(declarations: readonly { id: string; volumes: readonly DeclaredVolume[] }[]) {
  let doubles = declarations.length;
  for (const { volumes } of declarations)
    for (const volume of volumes)
      doubles += VOLUME_DOUBLES + VERTEX_DOUBLES * verticesOf(volume.shape.core).length;
  const numbers = Buffer.allocUnsafe(doubles * 8);
  const view = new DataView(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  const exceptions: Exception[] = [];
  let at = 0;
  const put = (value: number) => {
    view.setFloat64(at, value, true);
    at += 8;
  };
  declarations.forEach((declaration, d) => {
    put(declaration.volumes.length);
    declaration.volumes.forEach((volume, v) => {
      const { core, radiusM } = volume.shape;
      const vertices = verticesOf(core);
      put(CORE_KINDS.indexOf(core.kind));
      put(radiusM);
      put(volume.altitudeLowerM);
      put(volume.altitudeUpperM);
      put(volume.timeStart);
      put(volume.timeEnd);
      put(vertices.length);
      for (const { lonLat, n } of vertices) {
        put(lonLat[0]);
        put(lonLat[1]);
        put(n[0]);
        put(n[1]);
        put(n[2]);
      }
      const ownId = volume.id === `${declaration.id}#${v}`;
      if (!ownId || volume.restriction)
        exceptions.push([d, v, ownId ? null : volume.id, volume.restriction ?? null]);
    });
  });
  return { numbers, strings: Buffer.from(JSON.stringify(exceptions)) };
}

/**
 * The volumes of each of `ids`' declarations, in order. Throws (a RangeError, or an Error naming
 * what is wrong) on numbers that do not add up: the caller refuses the snapshot.
 */
export function decodeVolumes(encoded: EncodedVolumes, ids: readonly string[]): DeclaredVolume[][] {
  const { numbers } = encoded;
  if (numbers.byteLength % 8 !== 0) throw new Error('the volumes are not a whole number of doubles');
  const view = new DataView(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  let at = 0;
  const take = () => {
    const value = view.getFloat64(at, true);
    at += 8;
    return value;
  };
  const all = ids.map((id) => {
    const count = take();
    const volumes: DeclaredVolume[] = new Array(count);
    for (let v = 0; v < count; v++) {
      const kind = CORE_KINDS[take()];
      const radiusM = take();
      const altitudeLowerM = take();
      const altitudeUpperM = take();
      const timeStart = take();
      const timeEnd = take();
      const vertices: Vertex[] = new Array(take());
      for (let i = 0; i < vertices.length; i++)
        vertices[i] = { lonLat: [take(), take()], n: [take(), take(), take()] };
      if (kind === undefined || (kind === 'point' && vertices.length !== 1))
        throw new Error(`a volume of ${id} has no known shape`);
      const core: Core =
        kind === 'point'
          ? { kind, at: vertices[0] as Vertex }
          : kind === 'polyline'
            ? { kind, vertices }
            : { kind, ring: vertices };
      volumes[v] = {
        id: `${id}#${v}`,
        shape: { core, radiusM },
        altitudeLowerM,
        altitudeUpperM,
        timeStart,
        timeEnd,
      };
    }
    return volumes;
  });
  if (at !== numbers.byteLength) throw new Error('the volumes do not add up to their section');
  const { strings } = encoded;
  const exceptions = JSON.parse(
    Buffer.from(strings.buffer, strings.byteOffset, strings.byteLength).toString(),
  ) as Exception[];
  for (const [d, v, id, restriction] of exceptions) {
    const volume = all[d]?.[v];
    if (!volume) throw new Error(`the volumes name volume ${v} of declaration ${d}, which is not there`);
    if (id !== null) volume.id = id;
    if (restriction !== null) volume.restriction = restriction;
  }
  return all;
}
