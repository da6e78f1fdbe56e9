import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishedPackage } from './workspace.js';
import { repoRoot } from './workspace.js';

/** One way an app compiles against the installed packages. */
export interface ConsumerProject {
  readonly name: string;
  readonly type: 'module' | 'commonjs';
  /** The packages whose every entry point this project imports. */
  readonly runtime: 'node' | 'workers';
  readonly compilerOptions: Record<string, unknown>;
  /** Whether tsc writes JavaScript (to `out/`) that the runtime checks then run. */
  readonly emits: boolean;
}

const strictLibCheck = { strict: true, skipLibCheck: false, target: 'ES2022' };
const nodeTypes = { ...strictLibCheck, types: ['node'] };

export const consumerProjects: readonly ConsumerProject[] = [
  {
    // A Node ESM app typed by @types/node alone, without the DOM library.
    name: 'esm-node16',
    type: 'module',
    runtime: 'node',
    compilerOptions: { ...nodeTypes, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'] },
    emits: true,
  },
  {
    // An app built by a bundler (an edge function, a server bundle), with the DOM library.
    name: 'esm-bundler',
    type: 'module',
    runtime: 'node',
    compilerOptions: {
      ...nodeTypes,
      module: 'preserve',
      moduleResolution: 'bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    },
    emits: false,
  },
  {
    // A CommonJS app: imports compile to require(), so each package's .d.cts is what it reads.
    name: 'cjs',
    type: 'commonjs',
    runtime: 'node',
    compilerOptions: { ...nodeTypes, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'] },
    emits: true,
  },
  {
    // A Worker as Cloudflare's templates set one up: the Workers runtime's
    // types instead of Node's and the DOM library's.
    name: 'workers',
    type: 'module',
    runtime: 'workers',
    compilerOptions: {
      ...strictLibCheck,
      module: 'preserve',
      moduleResolution: 'bundler',
      lib: ['ES2022'],
      types: ['@cloudflare/workers-types'],
    },
    emits: false,
  },
];

/** Whether a project of this kind imports the package's entry points. */
export function compiles(project: ConsumerProject, pkg: PublishedPackage): boolean {
  return project.runtime === 'workers' ? pkg.runtime === 'workers' : pkg.runtime !== 'workers';
}

// The chat app's own files, as an app author would have them, and the checks'
// entry files: the Node projects get the Lambda and Node entries, the Workers
// project the Worker's.
const sources: Record<ConsumerProject['runtime'], { chat: string[]; fixtures: string[] }> = {
  node: { chat: ['app.ts', 'chat.ts', 'page.ts', 'lambda.ts'], fixtures: ['lambda-invoke.ts', 'serve.ts'] },
  workers: { chat: ['app.ts', 'chat.ts', 'page.ts', 'worker.ts'], fixtures: [] },
};

// Every entry point of the packages, imported and used as a value, so that
// tsc reads each declaration file in this project's module mode.
function entriesModule(specifiers: readonly string[]): string {
  const lines = specifiers.map((s, i) => `import * as entry${i} from '${s}';`);
  lines.push('', `export const entries = [${specifiers.map((_, i) => `entry${i}`).join(', ')}];`, '');
  return lines.join('\n');
}

/** Writes one consumer project under the install folder, sharing its node_modules. */
export function layOut(
  installDir: string,
  project: ConsumerProject,
  packages: readonly PublishedPackage[],
): string {
  const dir = join(installDir, project.name);
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: project.name, type: project.type })}\n`);
  const compilerOptions = project.emits
    ? { ...project.compilerOptions, outDir: 'out' }
    : { ...project.compilerOptions, noEmit: true };
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions, include: ['src'] }, null, 2)}\n`,
  );
  const { chat, fixtures } = sources[project.runtime];
  for (const file of chat) copyFileSync(join(repoRoot, 'apps/chat/src', file), join(src, file));
  for (const file of fixtures) copyFileSync(join(repoRoot, 'packaging/fixtures', file), join(src, file));
  const specifiers = packages
    .filter((p) => compiles(project, p))
    .flatMap((p) => p.entries.map((e) => e.specifier));
  writeFileSync(join(src, 'entries.ts'), entriesModule(specifiers));
  return dir;
}
