import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { run } from '../src/run.js';
import { repoRoot } from '../src/workspace.js';

// cfn-lint checks a template against CloudFormation's resource schemas after
// expanding the SAM transform the way CloudFormation does (with AWS's own
// translator), so an unknown property, a wrong type or an unsupported runtime
// fails here rather than at `sam deploy`.

const apps = join(repoRoot, 'apps');
const templates = readdirSync(apps)
  .map((app) => join(apps, app, 'template.yaml'))
  .filter((file) => existsSync(file))
  .map((file) => relative(repoRoot, file));

// One run for all templates: loading the schemas is most of its time.
it(`cfn-lint passes every SAM template (${templates.join(', ')})`, async () => {
  expect(templates.length).toBeGreaterThan(0);
  const result = await run('cfn-lint', templates, { cwd: repoRoot, timeoutMs: 60_000 });
  const why = `cfn-lint ${templates.join(' ')} exited with ${result.code}:\n${result.output}`;
  expect(result.code, why).toBe(0);
});
