// A declaration's volumes, decoded only when something reads them. A start from a snapshot restores a
// million volumes, and building their objects (vertices, n-vectors, shapes) costs seconds and much of
// the heap, while the conflict index answers from its packed columns and needs a declaration's
// volumes only once a query's time window and boxes reach it. `volumes` decodes on first read
// (lazy-property.ts); its count is known without decoding.
import type { DeclaredVolume } from './declaration.js';
import { lazyProperty } from './lazy-property.js';

/** Where a declaration's volumes are, until read. */
export interface VolumesSource {
  readonly count: number;
  decode(): DeclaredVolume[];
}

const deferred = lazyProperty<VolumesSource, DeclaredVolume[]>('volumes', (source) => source.decode());

/** Makes `declaration.volumes` those of `source`, decoded when first read. */
export function deferVolumes(declaration: { volumes: DeclaredVolume[] }, source: VolumesSource): void {
  deferred.define(declaration, source);
}

/** How many volumes a declaration has, without decoding them. */
export function volumeCount(declaration: { readonly volumes: readonly unknown[] }): number {
  return deferred.source(declaration)?.count ?? declaration.volumes.length;
}
