// A declaration's volumes, decoded only when something reads them. A start from a snapshot restores a
// million volumes, and building their objects (vertices, n-vectors, shapes) costs seconds and much of
// the heap, while the conflict index answers from its packed columns and needs a declaration's
// volumes only once a query's time window and boxes reach it. `volumes` is an own, enumerable
// property that decodes on first read and then holds the array, so that spreading or serialising a
// declaration sees it as any other; its count is known without decoding. One accessor pair serves
// every declaration, so that they keep sharing their shape.
import type { DeclaredVolume } from './declaration.js';

/** Where a declaration's volumes are, until read. */
export interface VolumesSource {
  readonly count: number;
  decode(): DeclaredVolume[];
}

const pending = new WeakMap<object, VolumesSource>();

const DEFERRED: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: object): DeclaredVolume[] {
    const volumes = (pending.get(this) as VolumesSource).decode();
    settle(this, volumes);
    return volumes;
  },
  set(this: object, volumes: DeclaredVolume[]) {
    settle(this, volumes);
  },
};

function settle(declaration: object, volumes: DeclaredVolume[]): void {
  pending.delete(declaration);
  Object.defineProperty(declaration, 'volumes', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: volumes,
  });
}

/** Makes `declaration.volumes` those of `source`, decoded when first read. */
export function deferVolumes(declaration: { volumes: DeclaredVolume[] }, source: VolumesSource): void {
  pending.set(declaration, source);
  Object.defineProperty(declaration, 'volumes', DEFERRED);
}

/** How many volumes a declaration has, without decoding them. */
export function volumeCount(declaration: { readonly volumes: readonly unknown[] }): number {
  return pending.get(declaration)?.count ?? declaration.volumes.length;
}
