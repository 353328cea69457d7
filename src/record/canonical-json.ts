// RFC 8785 (JCS) canonical JSON: the one byte string that is signed, hashed
// and stored for a value. Values are checked first because the library
// silently drops undefined members and calls toJSON, either of which would
// sign something other than what the caller holds.
import canonicalizeModule from 'canonicalize';

type Serialize = (input: unknown) => string | undefined;

// The package is CommonJS with an `export default` typing: under NodeNext the
// typing says the default import is the module object, while Node hands us the
// function itself. Accept either shape, once.
const serialize: Serialize = (() => {
  const imported: unknown = canonicalizeModule;
  if (typeof imported === 'function') return imported as Serialize;
  const inner = (imported as { default?: unknown }).default;
  if (typeof inner === 'function') return inner as Serialize;
  throw new Error('canonicalize: unexpected module shape');
})();

/** The RFC 8785 canonical JSON text of a plain JSON value. */
export function canonicalJson(value: unknown): string {
  assertJsonValue(value, '$');
  const text = serialize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** canonicalJson as UTF-8 bytes. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

// Plain JSON only: null, booleans, finite numbers, well-formed strings,
// arrays and plain objects; anything else is an error naming where it is.
function assertJsonValue(value: unknown, path: string): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
    return;
  }
  if (typeof value === 'string') {
    if (/\p{Surrogate}/u.test(value)) throw new TypeError(`${path}: string has a lone surrogate`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new TypeError(`${path}[${i}]: holes have no JSON form`);
      assertJsonValue(value[i], `${path}[${i}]`);
    }
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`${path}: not a plain object`);
    for (const [key, member] of Object.entries(value)) {
      if (/\p{Surrogate}/u.test(key)) throw new TypeError(`${path}: key has a lone surrogate`);
      assertJsonValue(member, `${path}.${key}`);
    }
    return;
  }
  throw new TypeError(`${path}: ${typeof value} has no JSON form`);
}
