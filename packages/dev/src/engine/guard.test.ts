import { describe, expect, it } from 'vitest';
import { describeError, guard } from './guard.js';
import type { LogEntry } from './log.js';

describe('guard', () => {
  it('turns a throw into one log line without a stack, and cleans up', () => {
    const logs: LogEntry[] = [];
    const cleaned: unknown[] = [];
    guard(
      (entry) => logs.push(entry),
      'ws 1',
      () => {
        throw new RangeError('The data size must not be greater than 125 bytes');
      },
      (error) => cleaned.push(error),
    );
    expect(logs).toEqual([
      {
        level: 'error',
        scope: 'ws 1',
        message: 'unexpected failure: The data size must not be greater than 125 bytes',
      },
    ]);
    expect(cleaned).toHaveLength(1);
  });

  it('catches a rejection, and a failing cleanup, each on one line', async () => {
    const logs: LogEntry[] = [];
    guard(
      (entry) => logs.push(entry),
      'http',
      async () => {
        throw new Error('first line\n    at secret stack frame');
      },
      () => {
        throw new Error('cleanup broke');
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.map((l) => l.message)).toEqual([
      'unexpected failure: first line',
      'cleanup failed too: cleanup broke',
    ]);
  });

  it('describes anything thrown in at most 300 characters', () => {
    expect(describeError('plain')).toBe('plain');
    expect(describeError(new Error(''))).toBe('Error');
    expect(describeError(new Error('x'.repeat(400)))).toHaveLength(301);
  });
});
