// Readable where safe: `key=base64:…` keeps its colon, while `+`, `/` and `=` are escaped.
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':');
}

/** The `GRIP_URL` a handler needs behind a proxy: its control URI, plus the signing key if it signs. */
export function gripUrlFor(controlUri: string, sigIss: string, sigKey: string): string {
  if (sigIss === '') return controlUri;
  return `${controlUri}?iss=${encode(sigIss)}&key=${encode(sigKey)}`;
}
