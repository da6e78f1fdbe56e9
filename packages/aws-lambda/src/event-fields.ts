import { GripError } from '@faas-grip/core';

// Events come from AWS, but also from test invokes, other services and
// hand-written fixtures: a field of the wrong type is a bad request (400),
// never a TypeError that turns into a 500.

/** A value as it can safely appear in a message: quoted, escaped and short. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

export function badEvent(message: string): never {
  throw new GripError(400, message);
}

function entries(map: unknown, what: string): [string, unknown][] {
  if (map === null || map === undefined) return [];
  if (typeof map !== 'object' || Array.isArray(map)) badEvent(`The event's ${what} is not a map`);
  return Object.entries(map);
}

/** A required text field. */
export function text(value: unknown, what: string): string {
  if (typeof value !== 'string') badEvent(`The event's ${what} is not text`);
  return value;
}

/** The pairs of a one-value map (`headers`, `queryStringParameters`); null values are left out. */
export function singleValues(map: unknown, what: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of entries(map, what)) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') badEvent(`The event's ${what} ${quoted(name)} is not text`);
    pairs.push([name, value]);
  }
  return pairs;
}

/** The pairs of a multi-value map (`multiValueHeaders`, ...), one per value, in order. */
export function multiValues(map: unknown, what: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, values] of entries(map, what)) {
    if (values === null || values === undefined) continue;
    if (!Array.isArray(values)) badEvent(`The event's ${what} ${quoted(name)} is not a list`);
    for (const value of values) {
      if (typeof value !== 'string')
        badEvent(`The event's ${what} ${quoted(name)} holds a value that is not text`);
      pairs.push([name, value]);
    }
  }
  return pairs;
}

/**
 * Whether a multi-value map is to be read instead of the one-value map: REST
 * and ALB events fill it when it is in use. A value that is there but not a
 * map counts, so that it is refused rather than passed over.
 */
export function hasEntries(map: unknown): boolean {
  if (map === null || map === undefined) return false;
  return typeof map !== 'object' || Object.keys(map).length > 0;
}
