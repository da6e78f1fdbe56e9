import { decodeBase64 } from './base64.js';
import { KeyFormatError } from './key-types.js';

/**
 * The label and the decoded body of one PEM block that is the whole text.
 * Malformed framing or a body that is not base64 throws a
 * {@link KeyFormatError} that does not quote the text.
 */
export function pemBlock(text: string): { label: string; der: Uint8Array<ArrayBuffer> } {
  const begin = /^-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(text);
  if (begin === null) throw new KeyFormatError('its PEM header line is malformed');
  const label = begin[1]!;
  const endLine = `-----END ${label}-----`;
  const end = text.indexOf(endLine, begin[0].length);
  if (end < 0 || text.slice(end + endLine.length).trim() !== '') {
    throw new KeyFormatError('its PEM END line is missing or followed by more text');
  }
  const der = decodeBase64(text.slice(begin[0].length, end));
  if (der === undefined) throw new KeyFormatError('its PEM body is not base64');
  return { label, der };
}
