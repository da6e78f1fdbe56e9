// What test/recorder.ts (global setup, in Node) hands to the tests in workerd.
declare module 'vitest' {
  export interface ProvidedContext {
    recorderUrl: string;
  }
}

export {};
