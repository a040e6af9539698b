/**
 * Element access that fails a test clearly instead of passing `undefined` on
 * (tsconfig has noUncheckedIndexedAccess).
 */

/** The element at `i` (negative counts from the end); throws if there is none. */
export function at<T>(list: readonly T[], i: number): T {
  const item = list.at(i);
  if (item === undefined) throw new Error(`expected an element at ${i}, the list has ${list.length}`);
  return item;
}

/** `value`, or a thrown error naming what was missing. */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what} to be defined`);
  return value;
}
