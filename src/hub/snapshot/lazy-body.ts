// A restored declaration's body, read from the snapshot's bytes only when something asks for it.
// Bodies are most of a snapshot (the declared GeoJSON, titles, notes): parsing a million of them at
// start costs seconds and gigabytes of objects that most declarations never need, since the conflict
// search reads the volumes and the index, not the bodies. The body parses its bytes on first read
// (lazy-property.ts); a body never read is written to the next snapshot as the same bytes, unparsed.
import type { DeclarationBody } from '../../deconfliction/declaration-schema.js';
import { lazyProperty } from '../../deconfliction/lazy-property.js';

const lazy = lazyProperty<Uint8Array, DeclarationBody>(
  'body',
  (bytes) =>
    JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString()) as DeclarationBody,
);

/** Makes `declaration.body` the JSON in `bytes`, parsed when first read. */
export function defineLazyBody(declaration: { body: DeclarationBody }, bytes: Uint8Array): void {
  lazy.define(declaration, bytes);
}

/** A declaration's body as JSON bytes: those it was restored from if it was never read. */
export function bodyBytes(declaration: { body: DeclarationBody }): Uint8Array {
  return lazy.source(declaration) ?? Buffer.from(JSON.stringify(declaration.body));
}
