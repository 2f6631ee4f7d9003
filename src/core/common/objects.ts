/**
 * Own-property access for objects keyed by text from the files. Plain objects are much lighter than
 * null-prototype ones in V8, but then a key like `constructor` must not find Object.prototype's, and
 * a key `__proto__` must become an own property rather than set the prototype.
 */

const ownProperty = Object.prototype.hasOwnProperty;

/** Whether `key` is an own property of `object`. */
export function hasOwn(object: object, key: string): boolean {
  return ownProperty.call(object, key);
}

/** Sets an own, enumerable property, `__proto__` included. */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
