#!/usr/bin/env node
import { main } from './cli/main.js';
import { describeError } from './engine/guard.js';

// The proxy guards every request and socket it serves; should a fault still
// slip past, the developer's session goes on, with one line saying what failed.
process.on('unhandledRejection', (reason) => {
  console.error(`[faas-grip dev] unexpected failure (kept running): ${describeError(reason)}`);
});
process.on('uncaughtException', (error) => {
  console.error(`[faas-grip dev] unexpected failure (kept running): ${describeError(error)}`);
});

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
