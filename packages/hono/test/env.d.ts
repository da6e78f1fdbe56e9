declare global {
  namespace Cloudflare {
    /** The bindings vitest.workerd.config.ts gives the test Worker. */
    interface Env {
      GRIP_PREFIX: string;
      GREETING: string;
    }
  }
}

export {};
