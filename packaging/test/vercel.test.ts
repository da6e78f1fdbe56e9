import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk } from '../src/run.js';
import { filesUnder, linkFunction, vercelBuild } from '../src/vercel-build.js';
import { repoRoot } from '../src/workspace.js';

// Vercel serves a project's static files before its rewrites, so whatever the
// build publishes as static is public at its path. An app's Vercel project
// must publish its page and its function, never its sources or the other
// platforms' configurations.

const apps = readdirSync(join(repoRoot, 'apps'))
  .filter((app) => existsSync(join(repoRoot, 'apps', app, 'vercel.json')))
  .map((app) => `apps/${app}`);

// What must never be public: code, configuration and build logs.
function isPrivate(path: string): boolean {
  const segments = path.split('/');
  const name = segments.at(-1)!;
  return (
    /\.(ts|tsx|mts|cts|map)$/.test(name) ||
    /^(wrangler\.toml|template\.yaml|tsconfig\.json|package\.json|vercel\.json|netlify\.toml|host\.json)$/.test(
      name,
    ) ||
    segments.some(
      (s) => s === '.turbo' || s === 'node_modules' || s === 'src' || s === 'scripts' || s === '.env',
    )
  );
}

it('finds the apps with a Vercel configuration', () => {
  expect(apps).toContain('apps/chat');
});

describe.each(apps)('vercel build of %s', (app) => {
  const appDir = join(repoRoot, app);
  const out = mkdtempSync(join(tmpdir(), 'faas-grip-vercel-'));
  let buildLog = '';

  beforeAll(async () => {
    buildLog = await vercelBuild(appDir, out);
  }, 150_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('publishes the page as its only static file', () => {
    const published = filesUnder(join(out, 'static'));
    const why = `static files of the build:\n${published.join('\n') || '(none)'}\n\nvercel build said:\n${buildLog}`;
    expect(published.filter(isPrivate), why).toEqual([]);
    expect(published, why).toEqual(['index.html']);
  });

  it('sends every other path to the function', () => {
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as {
      routes: { handle?: string; src?: string; dest?: string }[];
    };
    const filesystem = config.routes.findIndex((r) => r.handle === 'filesystem');
    const rewrite = config.routes.findIndex((r) => r.dest === '/api' && r.src === '^(?:/(.*))$');
    expect(filesystem, JSON.stringify(config.routes, null, 2)).toBeGreaterThanOrEqual(0);
    expect(rewrite, JSON.stringify(config.routes, null, 2)).toBeGreaterThan(filesystem);
  });

  it('builds a function that answers with the same page', async () => {
    const funcDir = join(out, 'functions/api/index.func');
    const { handler } = linkFunction(funcDir);
    const output = await runOk(
      process.execPath,
      [
        join(repoRoot, 'packaging/fixtures/vercel-invoke.mjs'),
        pathToFileURL(join(funcDir, handler)).href,
        'http://app.example/',
      ],
      { cwd: funcDir, env: { PATH: process.env.PATH ?? '' }, timeoutMs: 30_000 },
    );
    const answer = JSON.parse(output.trim().split('\n').at(-1)!) as {
      status: number;
      type: string;
      body: string;
    };
    expect(answer.status, output).toBe(200);
    expect(answer.type).toBe('text/html; charset=utf-8');
    expect(answer.body).toBe(readFileSync(join(out, 'static/index.html'), 'utf8'));
  });
});
