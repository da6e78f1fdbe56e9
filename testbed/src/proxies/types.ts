/** A proxy instance routing to one origin. */
export interface RunningProxy {
  readonly name: string;
  /** Base URL clients send HTTP requests to (`http://127.0.0.1:<port>`). */
  readonly httpUrl: string;
  /** Base URL clients open WebSockets on (`ws://127.0.0.1:<port>`). */
  readonly wsUrl: string;
  /** The publish endpoint itself: POST `{"items":[...]}` here. */
  readonly publishUrl: string;
  stop(): Promise<void>;
}

export interface PreparedProxy {
  /** env for the origin: GRIP_URL (and more) pointing at this proxy's publish API, with the signing key */
  readonly originEnv: Record<string, string>;
  start(originUrl: string): Promise<RunningProxy>;
}

export interface ProxyKind {
  readonly name: string;
  prepare(): Promise<PreparedProxy>;
}
