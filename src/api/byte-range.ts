// The one byte range a request asks for (RFC 9110 §14), as a map's tile reader asks for it.

export type ByteRange = { start: number; end: number };

/**
 * The range `header` asks for of `size` bytes: null when there is none or it is not a bytes range
 * (the whole is sent, as RFC 9110 allows), 'unsatisfiable' when it lies beyond the end or asks for
 * several ranges at once, which no tile reader does and which would make the hub a multipart server.
 */
export function byteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const asked = /^bytes=(.*)$/i.exec(header.trim());
  if (!asked) return null;
  const parts = (asked[1] ?? '').split(',');
  if (parts.length !== 1) return 'unsatisfiable';
  const one = /^\s*(\d*)-(\d*)\s*$/.exec(parts[0] ?? '');
  if (!one || (one[1] === '' && one[2] === '')) return 'unsatisfiable';
  const [first, last] = [one[1] ?? '', one[2] ?? ''];
  if (first === '') {
    // The last n bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
