import { execFileSync } from 'node:child_process';
import { defineProject } from 'vitest/config';

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// cfn-lint is a Python program, not an npm package, and setup.sh cannot
// install it (no Python package index is reachable from every machine): where
// it is on the PATH the template is linted; elsewhere the check is left out,
// and said so.
const exclude: string[] = [];
if (!onPath('cfn-lint')) {
  console.warn(
    '\n  packaging: cfn-lint not installed, so test/sam.test.ts will not run (pip install cfn-lint).\n',
  );
  exclude.push('test/sam.test.ts');
}

// Packaging checks: the packages as npm installs them, their API reports and
// the chat app's deploy configurations. A project of its own at the root, not a
// workspace package, so that nothing here can resolve a package through the
// workspace's links: each check reaches the packages only as tarballs, as
// reports or through the platform's own CLI, the way users and deploys do.
export default defineProject({
  test: {
    name: 'packaging',
    include: ['test/**/*.test.ts'],
    exclude,
    // After the unit-test projects and the testbed (vitest runs a group only
    // with projects of the same worker count): slow, and the last to read.
    sequence: { groupOrder: 2 },
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
