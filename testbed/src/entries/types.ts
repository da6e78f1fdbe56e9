/** One runtime serving the conformance app as a GRIP origin on loopback. */
export interface OriginEntry {
  readonly name: string;
  /** Starts the app with `env` as its whole configuration (never `process.env`). */
  start(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }>;
}
