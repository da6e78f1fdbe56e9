import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineProject } from 'vitest/config';

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Files that need a Debian program this machine lacks are left out, and said
// so, so that a laptop without root still runs everything else. CI installs
// both (scripts/setup.sh), and there a missing one is an error, not a skip.
const missing: { what: string; files: string }[] = [];
if (!onPath(process.env.PUSHPIN_BIN ?? 'pushpin'))
  missing.push({ what: 'pushpin', files: 'test/*.pushpin.test.ts' });
if (!existsSync(process.env.CHROMIUM_BIN ?? '/usr/bin/chromium')) {
  missing.push({ what: 'chromium', files: 'test/browser-*.test.ts' });
}
if (missing.length > 0) {
  const names = missing.map((m) => m.what).join(' and ');
  if (process.env.CI) throw new Error(`testbed: ${names} not installed; scripts/setup.sh installs them`);
  console.warn(
    `\n  testbed: ${names} not installed, so ${missing.map((m) => m.files).join(' and ')} will not run.\n` +
      '  Install them (as root: apt-get install pushpin chromium) to run the whole suite.\n',
  );
}

export default defineProject({
  test: {
    name: 'testbed',
    include: ['test/**/*.test.ts'],
    exclude: missing.map((m) => m.files),
    // One process per file: each file starts its own proxy and origin, and
    // files run side by side on the two cores.
    pool: 'forks',
    maxWorkers: 2,
    // After the unit-test projects: a failing unit test is the quicker read.
    sequence: { groupOrder: 1 },
    fileParallelism: true,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
