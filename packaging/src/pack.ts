import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOk } from './run.js';
import type { PublishedPackage } from './workspace.js';

export interface Tarball {
  readonly pkg: PublishedPackage;
  readonly file: string;
  /** Paths inside the tarball, without npm's `package/` prefix. */
  readonly files: readonly string[];
}

/**
 * `pnpm pack` of one package, as `pnpm publish` would upload it (workspace:
 * ranges replaced by versions). A package whose entries are not built is
 * refused with the command that builds it, rather than packed without them.
 */
export async function pack(pkg: PublishedPackage, destination: string): Promise<Tarball> {
  const unbuilt = pkg.entries.filter((e) => !existsSync(join(pkg.dir, e.types))).map((e) => e.types);
  if (unbuilt.length > 0) {
    throw new Error(
      `${pkg.name} is not built (missing ${unbuilt.join(', ')}): run pnpm --filter ${pkg.name} build`,
    );
  }
  // A folder per package, so that packs running side by side cannot mix up their tarballs.
  const folder = join(destination, pkg.name.replace('@', '').replace('/', '-'));
  mkdirSync(folder, { recursive: true });
  await runOk('pnpm', ['pack', '--pack-destination', folder], { cwd: pkg.dir, timeoutMs: 60_000 });
  const made = readdirSync(folder).filter((f) => f.endsWith('.tgz'));
  if (made.length !== 1) throw new Error(`pnpm pack of ${pkg.name} made ${made.length} tarballs: ${made}`);
  const file = join(folder, made[0]!);
  const listing = await runOk('tar', ['-tzf', file], { cwd: folder });
  const files = listing
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^package\//, ''));
  return { pkg, file, files };
}
