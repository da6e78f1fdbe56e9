import { describe, expect, it } from 'vitest';
import { pendingWork } from './pending-work.js';

describe('pendingWork', () => {
  it('settles after every tracked promise, including ones added while waiting and ones that reject', async () => {
    const work = pendingWork();
    const order: string[] = [];
    work.add(
      new Promise<void>((resolve) =>
        setTimeout(() => {
          order.push('first');
          work.add(
            new Promise<void>((r) =>
              setTimeout(() => {
                order.push('added later');
                r();
              }, 10),
            ),
          );
          resolve();
        }, 10),
      ),
    );
    work.add(Promise.reject(new Error('reported elsewhere')));
    await work.settle();
    expect(order).toEqual(['first', 'added later']);
  });

  it('works as a detached waitUntil, made per invocation: settle waits for what was added, and for nothing when none was', async () => {
    const { add, settle } = pendingWork();
    await settle();
    let done = false;
    add(
      new Promise<void>((resolve) =>
        setTimeout(() => {
          done = true;
          resolve();
        }, 10),
      ),
    );
    await settle();
    expect(done).toBe(true);
  });
});
