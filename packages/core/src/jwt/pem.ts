import { KeyFormatError } from './key-types.js';

/**
 * The label and the (still encoded) body of one PEM block that is the whole
 * text. Malformed framing throws a {@link KeyFormatError} that does not quote
 * the text.
 */
export function pemBlock(text: string): { label: string; body: string } {
  const begin = /^-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(text);
  if (begin === null) throw new KeyFormatError('its PEM header line is malformed');
  const label = begin[1]!;
  const endLine = `-----END ${label}-----`;
  const end = text.indexOf(endLine, begin[0].length);
  if (end < 0 || text.slice(end + endLine.length).trim() !== '') {
    throw new KeyFormatError('its PEM END line is missing or followed by more text');
  }
  return { label, body: text.slice(begin[0].length, end) };
}
