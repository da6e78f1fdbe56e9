// @vercel/node's published types cover its legacy request helpers only; this
// is the part of its builder API that `vercel dev` uses and the tests call.
declare module '@vercel/node' {
  export interface StartDevServerOptions {
    entrypoint: string;
    workPath: string;
    config: Record<string, unknown>;
    meta?: { env?: Record<string, string> };
    files: Record<string, unknown>;
  }
  export function startDevServer(
    options: StartDevServerOptions,
  ): Promise<{ port: number; pid: number; shutdown?: () => Promise<void> } | null>;
}
