// A restored declaration's body, read from the snapshot's bytes only when something asks for it.
// Bodies are most of a snapshot (the declared GeoJSON, titles, notes): parsing a million of them at
// start costs seconds and gigabytes of objects that most declarations never need, since the conflict
// search reads the volumes and the index, not the bodies. The body is an own, enumerable property
// that parses its bytes on first read and then holds the value, so that spreading or serialising a
// declaration sees it as any other; a body never read is written to the next snapshot as the same
// bytes, unparsed. One accessor pair serves every declaration, so that they keep sharing their shape.
import type { DeclarationBody } from '../../deconfliction/declaration-schema.js';

/** The bytes of bodies not yet read, by declaration. */
const unread = new WeakMap<object, Uint8Array>();

const LAZY: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: object): DeclarationBody {
    const bytes = unread.get(this) as Uint8Array;
    const body = JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(),
    ) as DeclarationBody;
    settle(this, body);
    return body;
  },
  set(this: object, body: DeclarationBody) {
    settle(this, body);
  },
};

function settle(declaration: object, body: DeclarationBody): void {
  unread.delete(declaration);
  Object.defineProperty(declaration, 'body', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: body,
  });
}

/** Makes `declaration.body` the JSON in `bytes`, parsed when first read. */
export function defineLazyBody(declaration: { body: DeclarationBody }, bytes: Uint8Array): void {
  unread.set(declaration, bytes);
  Object.defineProperty(declaration, 'body', LAZY);
}

/** A declaration's body as JSON bytes: those it was restored from if it was never read. */
export function bodyBytes(declaration: { body: DeclarationBody }): Uint8Array {
  return unread.get(declaration) ?? Buffer.from(JSON.stringify(declaration.body));
}
