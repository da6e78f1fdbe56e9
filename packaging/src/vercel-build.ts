import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { runOk } from './run.js';
import { repoRoot } from './workspace.js';

/**
 * `vercel build` of an app folder, offline and without an account: the CLI
 * reads the project's settings from `.vercel/project.json`, written here (and
 * removed afterwards) when the app has none, and the workspace is already
 * installed (VERCEL_INSTALL_COMPLETED), so the CLI does not run `pnpm install`
 * across it. The Build Output goes to `outDir`.
 */
export async function vercelBuild(appDir: string, outDir: string): Promise<string> {
  const settingsDir = join(appDir, '.vercel');
  const settings = join(settingsDir, 'project.json');
  const made = !existsSync(settings);
  const madeDir = !existsSync(settingsDir);
  if (made) {
    mkdirSync(settingsDir, { recursive: true });
    writeFileSync(
      settings,
      JSON.stringify({ projectId: 'prj_local', orgId: 'team_local', settings: { framework: null } }),
    );
  }
  try {
    // The CLI is pinned once, as a development dependency of the chat app.
    const vercel = join(repoRoot, 'apps/chat/node_modules/.bin/vercel');
    return await runOk(vercel, ['build', '--yes', '--output', outDir], {
      cwd: appDir,
      env: {
        ...process.env,
        VERCEL_INSTALL_COMPLETED: '1',
        VERCEL_TELEMETRY_DISABLED: '1',
        NO_UPDATE_NOTIFIER: '1',
      },
      timeoutMs: 120_000,
    });
  } finally {
    if (madeDir) rmSync(settingsDir, { recursive: true, force: true });
    else if (made) rmSync(settings, { force: true });
  }
}

/** Every file under `dir`, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

interface FunctionConfig {
  handler: string;
  filePathMap?: Record<string, string>;
}

/**
 * Makes a built function folder runnable in place: the CLI records the
 * workspace's package links (`filePathMap`) for the upload instead of copying
 * them, so they are linked here as they are in the repository.
 */
export function linkFunction(funcDir: string): FunctionConfig {
  const config = JSON.parse(readFileSync(join(funcDir, '.vc-config.json'), 'utf8')) as FunctionConfig;
  for (const path of Object.keys(config.filePathMap ?? {})) {
    const link = join(funcDir, path);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(readlinkSync(join(repoRoot, path)), link);
  }
  return config;
}
