import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerProjects, layOut } from '../src/consumer.js';
import { npmInstall } from '../src/install.js';
import { type BundleFigures, node, writeBundleScript, writeLoadScript } from '../src/installed-runtime.js';
import { pack, type Tarball } from '../src/pack.js';
import { publishedPackages, repoRoot } from '../src/workspace.js';

// Each package as `npm publish` would upload it, installed by plain npm into a
// project outside the workspace (no pnpm links, no workspace node_modules up
// the tree), then used the ways an app author uses it. One install serves
// every check below.

const packages = publishedPackages();
const entries = packages.flatMap((p) => p.entries);
const work = mkdtempSync(join(tmpdir(), 'faas-grip-installed-'));
const tarballs = new Map<string, Tarball>();
const packFailures = new Map<string, Error>();
const installDir = join(work, 'app');
const timings: string[] = [];

async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await step();
  } finally {
    timings.push(`${what}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
}

beforeAll(async () => {
  const destination = join(work, 'tarballs');
  mkdirSync(destination);
  await timed(`pnpm pack of ${packages.length} packages`, async () => {
    // Three at a time: each pack is mostly a pnpm start-up.
    const queue = [...packages];
    const worker = async () => {
      for (let pkg = queue.shift(); pkg !== undefined; pkg = queue.shift()) {
        try {
          tarballs.set(pkg.name, await pack(pkg, destination));
        } catch (error) {
          packFailures.set(pkg.name, error as Error);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });
  console.log(
    [...tarballs.values()]
      .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name))
      .map((t) => `${t.pkg.name}: ${(statSync(t.file).size / 1024).toFixed(1)} KiB packed`)
      .join('\n'),
  );
}, 120_000);

afterAll(() => {
  console.log(timings.join('\n'));
  rmSync(work, { recursive: true, force: true });
});

describe('tarballs', () => {
  const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');

  it('the root LICENSE is MIT, by the faas-grip authors', () => {
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the faas-grip authors\n/);
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s ships LICENSE, README and its entries', (_, pkg) => {
    const failure = packFailures.get(pkg.name);
    if (failure !== undefined) throw failure;
    const tarball = tarballs.get(pkg.name)!;
    const missing = [
      'LICENSE',
      'package.json',
      ...pkg.entries.map((e) => e.types.replace(/^\.\//, '')),
    ].filter((f) => !tarball.files.includes(f));
    expect(missing, `missing from ${tarball.file}; it holds:\n${tarball.files.join('\n')}`).toEqual([]);
    expect(readFileSync(join(pkg.dir, 'LICENSE'), 'utf8'), `${pkg.dir}/LICENSE differs from the root's`).toBe(
      license,
    );
  });
});

describe('installed with npm into a fresh project', () => {
  beforeAll(async () => {
    // Installing without a package would let npm look for it on the registry.
    if (packFailures.size > 0) {
      throw new Error(
        `not installed, as some packages could not be packed:\n${[...packFailures.values()].map((e) => e.message).join('\n')}`,
      );
    }
    await timed('npm install', () =>
      npmInstall(
        installDir,
        [...tarballs.values()].map((t) => t.file),
      ),
    );
    for (const project of consumerProjects) layOut(installDir, project, packages);
  }, 180_000);

  const tsc = () => join(installDir, 'node_modules/typescript/bin/tsc');

  it.each(consumerProjects.map((p) => [p.name, p.runtime, p] as const))(
    'tsc compiles the chat app and every entry point for its runtime (%s, %s packages, skipLibCheck false)',
    async (name) => {
      // A type error fails runOk with tsc's own report, naming the file and the code (TS1479...).
      await timed(`tsc ${name}`, () => node(installDir, tsc(), ['-p', name]));
    },
  );

  it('every entry point loads with import() and with require()', async () => {
    const output = await node(installDir, writeLoadScript(installDir, entries));
    const loaded = JSON.parse(output) as { specifier: string; esm: number; cjs: number }[];
    expect(loaded.filter((l) => l.esm === 0 || l.cjs === 0)).toEqual([]);
    expect(loaded.map((l) => l.specifier)).toEqual(entries.map((e) => e.specifier));
  });

  it('esbuild bundles the chat Worker for a Worker runtime, without Node built-ins', async () => {
    const script = writeBundleScript(installDir, 'workers/src/worker.ts');
    const figures = JSON.parse(await timed('esbuild', () => node(installDir, script))) as BundleFigures;
    console.log(`chat Worker from the tarballs: ${figures.bytes} B minified, ${figures.gzipBytes} B gzip`);
    expect(figures.inputs.filter((i) => i.startsWith('node:') || !i.includes('/'))).toEqual([]);
    expect(figures.inputs.some((i) => i.includes('node_modules/@faas-grip/cloudflare/'))).toBe(true);
  });

  it.each(['esm-node16', 'cjs'])(
    'the compiled Lambda entry (%s) answers an HTTP API v2 OPEN',
    async (name) => {
      const output = await node(installDir, join(name, 'out/lambda-invoke.js'));
      const result = JSON.parse(output) as {
        statusCode: number;
        headers: Record<string, string>;
        body: string;
        isBase64Encoded: boolean;
      };
      expect(result, output).toMatchObject({ statusCode: 200 });
      expect(result.headers['content-type']).toBe('application/websocket-events');
      const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString() : result.body;
      expect(body).toBe('OPEN\r\nTEXT 27\r\nc:{"type":"subscribe","channel":"room"}\r\n');
    },
  );

  it('the compiled Node server answers a real HTTP request with the chat page', async () => {
    const output = await node(installDir, 'esm-node16/out/serve.js');
    const answer = JSON.parse(output) as { status: number; type: string; body: string };
    expect(answer.status, output).toBe(200);
    expect(answer.type).toBe('text/html; charset=utf-8');
    expect(answer.body).toContain('<title>faas-grip chat</title>');
  });
});
