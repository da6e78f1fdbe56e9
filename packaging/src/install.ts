import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine, run } from './run.js';
import { repoRoot } from './workspace.js';

function installedVersion(from: string, name: string): string {
  const manifest = join(repoRoot, from, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** The tools an app installs beside the packages, at the versions the workspace builds with. */
export function toolVersions(): Record<string, string> {
  return {
    typescript: installedVersion('.', 'typescript'),
    '@types/node': installedVersion('.', '@types/node'),
    esbuild: installedVersion('apps/chat', 'esbuild'),
    '@cloudflare/workers-types': installedVersion('apps/chat', '@cloudflare/workers-types'),
  };
}

// pnpm passes its own settings to child processes as npm_config_* variables;
// the install must be plain npm's, as on an app author's machine.
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/**
 * A fresh npm project in `dir` with every tarball and the tools installed from
 * the registry by plain npm. npm's own cache is kept between runs, so a warm
 * machine installs offline; a failed install (a registry hiccup) is tried
 * once more, and a second failure shows both outputs.
 */
export async function npmInstall(dir: string, tarballs: readonly string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'installed-app', private: true })}\n`);
  const tools = Object.entries(toolVersions()).map(([name, version]) => `${name}@${version}`);
  const args = [
    'install',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--save-exact',
    ...tarballs,
    ...tools,
  ];
  const outputs: string[] = [];
  for (let attempt = 1; attempt <= 2; attempt++) {
    const result = await run('npm', args, { cwd: dir, env: plainEnv(), timeoutMs: 150_000 });
    if (result.code === 0) return;
    outputs.push(`attempt ${attempt} exited with ${result.code}:\n${result.output}`);
    if (attempt === 1) console.warn(`npm install failed (exit ${result.code}); trying once more`);
  }
  throw new Error(`${commandLine('npm', args)} (in ${dir}) failed twice:\n${outputs.join('\n')}`);
}
