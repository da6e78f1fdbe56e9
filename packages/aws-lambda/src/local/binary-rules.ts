import { mediaType } from '@faas-grip/core/protocol';
import { matchesMediaTypes } from '../media-type.js';

const TEXT_APPLICATION_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'application/javascript',
  'application/xml',
]);

/**
 * The types that HTTP APIs, function URLs and ALBs hand to the function as
 * text; every other body (also one without a Content-Type) is base64-encoded.
 */
export function arrivesAsText(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  return type.startsWith('text/') || TEXT_APPLICATION_TYPES.has(type);
}

/** A REST API base64-encodes a request body only if its type is one of the binaryMediaTypes. */
export function restEncodesRequest(
  contentType: string | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  return contentType !== undefined && matchesMediaTypes(mediaType(contentType), binaryMediaTypes);
}

/**
 * A REST API decodes a base64 result only if the first type in the client's
 * Accept header is one of the binaryMediaTypes; otherwise the client gets the
 * base64 text.
 */
export function restDecodesResult(accept: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (accept === undefined) return false;
  const first = mediaType(accept.split(',', 1)[0]);
  return first !== '' && matchesMediaTypes(first, binaryMediaTypes);
}
