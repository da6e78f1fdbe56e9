/**
 * WebSocket-over-HTTP codec throughput: faas-grip's length-checked decoder
 * against @fanoutio/grip's decoder, measured in the same process and run, and
 * reported as ratios (how many times the baseline's time ours takes).
 * Run: pnpm --filter @faas-grip/bench bench
 */

import { decodeWebSocketEvents, encodeWebSocketEventsBody } from '@faas-grip/core/protocol';
import { decodeWebSocketEvents as gripDecode } from '@fanoutio/grip';

const text = (n: number) => new TextEncoder().encode('x'.repeat(n));

const cases = {
  'one 64 B message': encodeWebSocketEventsBody([{ type: 'TEXT', content: text(64) }]),
  'batch of 100 × 64 B': encodeWebSocketEventsBody(
    Array.from({ length: 100 }, () => ({ type: 'TEXT' as const, content: text(64) })),
  ),
  'one 32 KB message': encodeWebSocketEventsBody([{ type: 'TEXT', content: text(32 * 1024) }]),
  'one 190 KB binary': encodeWebSocketEventsBody([
    { type: 'BINARY', content: new Uint8Array(190 * 1024).fill(7) },
  ]),
};

function time(fn: () => unknown, budgetMs = 300): number {
  for (let i = 0; i < 20; i++) fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

console.log('case | @fanoutio/grip (baseline) | faas-grip | ratio (ours / baseline)');
for (const [name, body] of Object.entries(cases)) {
  const baseline = time(() => gripDecode(body));
  const ours = time(() => decodeWebSocketEvents(body));
  console.log(
    `${name} | ${(baseline * 1000).toFixed(1)} µs | ${(ours * 1000).toFixed(1)} µs | ${(ours / baseline).toFixed(3)}`,
  );
}
