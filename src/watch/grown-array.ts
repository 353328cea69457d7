// Typed arrays grow by copying into a larger one: the one allocation a table makes as it fills.
type Growable = Float64Array | Int32Array | Uint8Array | Uint32Array;

/** `target` (larger, zeroed) with `source` copied to its start. */
export function grownFrom<T extends Growable>(target: T, source: T): T {
  target.set(source as never);
  return target;
}
