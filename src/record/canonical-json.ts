// RFC 8785 (JCS) canonical JSON: the one byte string that is signed, hashed and stored for a value.
// One pass both checks and writes, since every command is canonicalised on the hub's hot path:
// JCS is ECMAScript's own serialisation of strings and numbers (JSON.stringify) with object members
// sorted by their UTF-16 code units (the default sort). Anything with no JSON form is an error
// naming where it is, rather than being silently dropped or transformed as JSON.stringify would.

/** The RFC 8785 canonical JSON text of a plain JSON value. */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

const encoder = new TextEncoder();

/** canonicalJson as UTF-8 bytes. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new TypeError(`${path}: string has a lone surrogate`);
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value, path);
    default:
      throw new TypeError(`${path}: ${typeof value} has no JSON form`);
  }
}

function writeArray(items: unknown[], path: string): string {
  let text = '[';
  for (let i = 0; i < items.length; i++) {
    if (!(i in items)) throw new TypeError(`${path}[${i}]: holes have no JSON form`);
    text += `${i === 0 ? '' : ','}${write(items[i], `${path}[${i}]`)}`;
  }
  return `${text}]`;
}

function writeObject(object: object, path: string): string {
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) throw new TypeError(`${path}: not a plain object`);
  const members = object as Record<string, unknown>;
  const keys = Object.keys(members).sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (!key.isWellFormed()) throw new TypeError(`${path}: key has a lone surrogate`);
    text += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${write(members[key], `${path}.${key}`)}`;
  }
  return `${text}}`;
}
