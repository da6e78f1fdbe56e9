/**
 * A response's headers as name → values. A Web `Headers` object already
 * joins repeated fields with `, ` (which is what they mean), except
 * `Set-Cookie`, which is kept one value per cookie because cookie dates
 * contain commas.
 */
export function headerValues(headers: Headers): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') values.set(name, [value]);
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) values.set('set-cookie', cookies);
  return values;
}

/** `headerValues` split into the names with one value and the names with several. */
export function splitHeaderValues(headers: Headers): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, values] of headerValues(headers)) {
    if (values.length === 1) single[name] = values[0]!;
    else multi[name] = values;
  }
  return { single, multi };
}
