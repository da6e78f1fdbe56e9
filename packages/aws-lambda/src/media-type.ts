import { mediaType } from '@faas-grip/core/protocol';

const TEXT_APPLICATION_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'application/javascript',
  'application/xml',
  'application/x-www-form-urlencoded',
]);

/**
 * Media types whose bodies can travel through a Lambda result as a plain
 * string. Anything else goes out base64-encoded, so its bytes survive.
 */
export function isTextMediaType(type: string): boolean {
  return (
    type.startsWith('text/') ||
    TEXT_APPLICATION_TYPES.has(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
}

/**
 * Whether `type` matches one of API Gateway's `binaryMediaTypes` entries,
 * which may use `*` for the type or the subtype, as in `image/*`.
 */
export function matchesMediaTypes(type: string, patterns: readonly string[]): boolean {
  const [main, sub] = type.split('/', 2);
  return patterns.some((pattern) => {
    const [patternMain, patternSub] = mediaType(pattern).split('/', 2);
    return (patternMain === '*' || patternMain === main) && (patternSub === '*' || patternSub === sub);
  });
}
