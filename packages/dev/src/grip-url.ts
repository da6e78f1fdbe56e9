/** The `GRIP_URL` a handler needs behind a proxy: its control URI, plus the signing key if it signs. */
export function gripUrlFor(controlUri: string, sigIss: string, sigKey: string): string {
  if (sigIss === '') return controlUri;
  const query = new URLSearchParams({ iss: sigIss, key: sigKey });
  return `${controlUri}?${query}`;
}
