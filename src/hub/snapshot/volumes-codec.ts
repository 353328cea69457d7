// The declared volumes of many declarations in a snapshot, as binary numbers rather than JSON: a
// volume is mostly doubles (vertices as declared and as n-vectors, radius, altitudes, times), which
// JSON spells in twenty characters each and parses back slowly. The numbers are written exactly (as
// IEEE doubles), so a restored volume is the replayed one bit for bit. The few strings go apart: a
// volume's id only where it is not `<declaration>#<position>`, and zones' restrictions. A start lays
// the numbers out and checks them whole, and decodes each declaration's volumes when they are read.

import type { DeclaredVolume, VolumeRestriction } from '../../deconfliction/declaration.js';
import type { Core, Vertex } from '../../geo/shape.js';

/** The volumes of a list of declarations: one section of doubles and one of JSON exceptions. */
export interface EncodedVolumeSections {
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

/** One declaration's volumes in a snapshot's numbers: how many, and the volumes when asked for. */
export class EncodedVolumes {
  constructor(
    readonly count: number,
    private readonly id: string,
    private readonly view: DataView,
    /** Where its first volume's numbers start, in bytes. */
    private readonly at: number,
    /** The ids and restrictions the numbers lack, by volume position. */
    private readonly exceptions: readonly Exception[],
  ) {}

  decode(): DeclaredVolume[] {
    const { view } = this;
    let at = this.at;
    const take = () => {
      const value = view.getFloat64(at, true);
      at += 8;
      return value;
    };
    const volumes: DeclaredVolume[] = new Array(this.count);
    for (let v = 0; v < this.count; v++) {
      const kind = CORE_KINDS[take()] as (typeof CORE_KINDS)[number];
      const radiusM = take();
      const altitudeLowerM = take();
      const altitudeUpperM = take();
      const timeStart = take();
      const timeEnd = take();
      const vertices: Vertex[] = new Array(take());
      for (let i = 0; i < vertices.length; i++)
        vertices[i] = { lonLat: [take(), take()], n: [take(), take(), take()] };
      const core: Core =
        kind === 'point'
          ? { kind, at: vertices[0] as Vertex }
          : kind === 'polyline'
            ? { kind, vertices }
            : { kind, ring: vertices };
      volumes[v] = {
        id: `${this.id}#${v}`,
        shape: { core, radiusM },
        altitudeLowerM,
        altitudeUpperM,
        timeStart,
        timeEnd,
      };
    }
    for (const [, v, id, restriction] of this.exceptions) {
      const volume = volumes[v] as DeclaredVolume;
      if (id !== null) volume.id = id;
      if (restriction !== null) volume.restriction = restriction;
    }
    return volumes;
  }
}

/**
 * Where each of `ids`' declarations' volumes are in the numbers, in order, each decoded only when
 * asked for. The layout is checked whole first: throws (a RangeError, or an Error naming what is
 * wrong) on numbers that do not add up, and the caller refuses the snapshot.
 */
export function layOutVolumes(encoded: EncodedVolumeSections, ids: readonly string[]): EncodedVolumes[] {
  const { numbers } = encoded;
  if (numbers.byteLength % 8 !== 0) throw new Error('the volumes are not a whole number of doubles');
  const view = new DataView(numbers.buffer, numbers.byteOffset, numbers.byteLength);
  const { strings } = encoded;
  const exceptions = JSON.parse(
    Buffer.from(strings.buffer, strings.byteOffset, strings.byteLength).toString(),
  ) as Exception[];
  const byDeclaration = new Map<number, Exception[]>();
  for (const exception of exceptions) {
    const list = byDeclaration.get(exception[0]);
    if (list) list.push(exception);
    else byDeclaration.set(exception[0], [exception]);
  }
  let at = 0;
  const laid = ids.map((id, d) => {
    const count = view.getFloat64(at, true);
    if (!Number.isInteger(count) || count < 0) throw new Error(`${id} has no whole number of volumes`);
    const first = at + 8;
    at = first;
    for (let v = 0; v < count; v++) {
      const kind = CORE_KINDS[view.getFloat64(at, true)];
      const vertices = view.getFloat64(at + 8 * (VOLUME_DOUBLES - 1), true);
      if (
        kind === undefined ||
        !Number.isInteger(vertices) ||
        vertices < 0 ||
        (kind === 'point' && vertices !== 1)
      )
        throw new Error(`a volume of ${id} has no known shape`);
      at += 8 * (VOLUME_DOUBLES + VERTEX_DOUBLES * vertices);
    }
    const own = byDeclaration.get(d) ?? [];
    for (const [, v] of own)
      if (!(v >= 0 && v < count))
        throw new Error(`the volumes name volume ${v} of declaration ${d}, which is not there`);
    byDeclaration.delete(d);
    return new EncodedVolumes(count, id, view, first, own);
  });
  if (at !== numbers.byteLength) throw new Error('the volumes do not add up to their section');
  const [stray] = byDeclaration.keys();
  if (stray !== undefined) throw new Error(`the volumes name declaration ${stray}, which is not there`);
  return laid;
}
