/**
 * Makes `prototype` inherit from a runtime's own prototype (`Request` or
 * `Response`) without touching it until something needs it. On Node, the
 * first touch of `globalThis.Request` loads the whole fetch implementation,
 * about 40 ms of a cold start that a handler answered from bytes never needs.
 *
 * `prototype` gets a stand-in parent: `instanceof` asks it for its own parent
 * and gets the native prototype; a member `prototype` does not define itself
 * is looked up on the native prototype and served by `real(self)`, the native
 * object built for that instance. Symbol-keyed members the native prototype
 * does not have (Node's internal slots, read by `new Request(lazy)`) are also
 * read from the native object.
 */
export function inheritLazily<Self extends object>(
  prototype: Self,
  native: () => object,
  real: (self: Self) => object,
): void {
  const find = (key: PropertyKey): PropertyDescriptor | undefined => {
    for (let at: object | null = native(); at !== null; at = Object.getPrototypeOf(at) as object | null) {
      if (at === Object.prototype) return undefined;
      const descriptor = Object.getOwnPropertyDescriptor(at, key);
      if (descriptor !== undefined) return descriptor;
    }
    return undefined;
  };
  const parent = new Proxy(Object.create(null) as object, {
    getPrototypeOf: () => native(),
    has: (_target, key) => key in native(),
    get(_target, key, receiver: Self) {
      // Every await and promise resolution asks for `then`; neither a Request
      // nor a Response has one, and asking must not load the runtime's.
      if (key === 'then') return undefined;
      if (key === Symbol.toStringTag) return Reflect.get(native(), key);
      const descriptor = find(key);
      if (descriptor === undefined) {
        // String keys a Request lacks (`then`, a framework's probe) stay undefined.
        if (typeof key !== 'symbol') return Reflect.get(Object.prototype, key, receiver);
        return Reflect.get(real(receiver), key);
      }
      if (descriptor.get !== undefined) return Reflect.get(real(receiver), key);
      const value: unknown = descriptor.value;
      if (typeof value !== 'function') return value;
      return function (this: Self, ...args: unknown[]) {
        return (value as (...a: unknown[]) => unknown).apply(real(this), args);
      };
    },
  });
  Object.setPrototypeOf(prototype, parent);
}
