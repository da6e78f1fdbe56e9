import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { runOk } from '../src/run.js';
import { repoRoot } from '../src/workspace.js';

// Cloudflare's limit on a Worker's compressed upload on the Free plan (the
// paid plans allow 10 MiB).
const WORKERS_FREE_LIMIT = 3 * 1024 * 1024;

const appDir = join(repoRoot, 'apps/chat');
const out = mkdtempSync(join(tmpdir(), 'faas-grip-wrangler-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

it('wrangler deploy --dry-run builds the chat Worker within the Workers upload limit', async () => {
  const log = await runOk(
    join(appDir, 'node_modules/.bin/wrangler'),
    ['deploy', '--dry-run', '--outdir', out],
    {
      cwd: appDir,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      timeoutMs: 90_000,
    },
  );
  const worker = readFileSync(join(out, 'worker.js'));
  const gzip = gzipSync(worker).length;
  const upload = /Total Upload: .*/.exec(log)?.[0];
  console.log(`chat Worker by wrangler: ${worker.length} B, ${gzip} B gzip (${upload ?? 'no upload line'})`);
  expect(upload, log).toBeDefined();
  // The Worker runs without nodejs_compat: nothing may import Node's built-ins.
  expect(worker.toString().match(/["']node:[a-z_/]+["']/g) ?? [], log).toEqual([]);
  expect(gzip).toBeLessThan(WORKERS_FREE_LIMIT);
});
