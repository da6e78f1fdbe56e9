import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntryPoint } from './workspace.js';
import { repoRoot } from './workspace.js';

/** One way an app compiles against the installed packages. */
export interface ConsumerProject {
  readonly name: string;
  readonly type: 'module' | 'commonjs';
  readonly compilerOptions: Record<string, unknown>;
  /** Whether tsc writes JavaScript (to `out/`) that the runtime checks then run. */
  readonly emits: boolean;
}

const strictLibCheck = { strict: true, skipLibCheck: false, target: 'ES2022', types: ['node'] };

export const consumerProjects: readonly ConsumerProject[] = [
  {
    // A Node ESM app typed by @types/node alone, without the DOM library.
    name: 'esm-node16',
    type: 'module',
    compilerOptions: { ...strictLibCheck, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'] },
    emits: true,
  },
  {
    // An app built by a bundler (a Worker, an edge function), with the DOM library.
    name: 'esm-bundler',
    type: 'module',
    compilerOptions: {
      ...strictLibCheck,
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
    compilerOptions: { ...strictLibCheck, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'] },
    emits: true,
  },
];

/** The chat app's own files, as an app author would have them, and the checks' entry files. */
const chatFiles = ['app.ts', 'chat.ts', 'page.ts', 'worker.ts', 'lambda.ts'];
const fixtureFiles = ['lambda-invoke.ts', 'serve.ts'];

// Every entry point of every package, imported and used as a value, so that
// tsc reads each declaration file in this project's module mode.
function entriesModule(entries: readonly EntryPoint[]): string {
  const lines = entries.map((e, i) => `import * as entry${i} from '${e.specifier}';`);
  lines.push('', `export const entries = [${entries.map((_, i) => `entry${i}`).join(', ')}];`, '');
  return lines.join('\n');
}

/** Writes one consumer project under the install folder, sharing its node_modules. */
export function layOut(installDir: string, project: ConsumerProject, entries: readonly EntryPoint[]): string {
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
  for (const file of chatFiles) copyFileSync(join(repoRoot, 'apps/chat/src', file), join(src, file));
  for (const file of fixtureFiles) copyFileSync(join(repoRoot, 'packaging/fixtures', file), join(src, file));
  writeFileSync(join(src, 'entries.ts'), entriesModule(entries));
  return dir;
}
