// A property computed from what it was restored from only when first read, then held as a plain
// value. It is an own, enumerable property, so that spreading or serialising the object sees it as
// any other. One accessor pair serves every object of a kind, so that they keep sharing their shape;
// adding it as a new property costs a fraction of turning an existing one into an accessor.

export interface LazyProperty<Source> {
  /** Adds the property to `object`, to be made from `source` when first read. */
  define(object: object, source: Source): void;
  /** What `object`'s property is still to be made from, if it was never read nor set. */
  source(object: object): Source | undefined;
}

export function lazyProperty<Source, Value>(
  key: string,
  make: (source: Source) => Value,
): LazyProperty<Source> {
  const pending = new WeakMap<object, Source>();
  const settle = (object: object, value: Value) => {
    pending.delete(object);
    Object.defineProperty(object, key, { configurable: true, enumerable: true, writable: true, value });
  };
  const accessor: PropertyDescriptor = {
    configurable: true,
    enumerable: true,
    get(this: object): Value {
      const value = make(pending.get(this) as Source);
      settle(this, value);
      return value;
    },
    set(this: object, value: Value) {
      settle(this, value);
    },
  };
  return {
    define(object, source) {
      pending.set(object, source);
      Object.defineProperty(object, key, accessor);
    },
    source: (object) => pending.get(object),
  };
}
