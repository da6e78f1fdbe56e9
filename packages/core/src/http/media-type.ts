/** The media type of a Content-Type or Accept value: lower-case, parameters dropped. */
export function mediaType(value: string | null | undefined): string {
  return (value ?? '').split(';', 1)[0]!.trim().toLowerCase();
}
