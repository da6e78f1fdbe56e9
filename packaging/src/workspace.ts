import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface EntryPoint {
  /** The subpath as written in `exports` (`.` or `./adapter`). */
  readonly subpath: string;
  /** The specifier an app imports (`@faas-grip/core/adapter`). */
  readonly specifier: string;
  /** A file name for the entry's report: `index` for `.`, else the subpath's name. */
  readonly reportName: string;
  /** The ESM declaration file, relative to the package folder. */
  readonly types: string;
}

export interface PublishedPackage {
  readonly name: string;
  /**
   * `workers` for a package typed against the Workers runtime (a peer
   * dependency on @cloudflare/workers-types, whose global types its
   * declarations use, as every Worker's code does); `any` otherwise.
   */
  readonly runtime: 'workers' | 'any';
  readonly version: string;
  readonly dir: string;
  readonly entries: readonly EntryPoint[];
}

interface ExportConditions {
  import?: { types?: string };
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  peerDependencies?: Record<string, string>;
  exports?: Record<string, string | ExportConditions>;
}

function entriesOf(manifest: Manifest): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target === 'string') continue; // ./package.json and other plain files
    const types = target.import?.types;
    if (types === undefined) continue;
    entries.push({
      subpath,
      specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      reportName: subpath === '.' ? 'index' : subpath.slice(2).replaceAll('/', '-'),
      types,
    });
  }
  return entries;
}

/**
 * Every package under packages/ that is not private, read afresh each time:
 * a package added to the workspace is packed, installed and reported without
 * being listed anywhere.
 */
export function publishedPackages(): PublishedPackage[] {
  const root = join(repoRoot, 'packages');
  const found: PublishedPackage[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    const manifestPath = join(dir, 'package.json');
    try {
      if (!statSync(manifestPath).isFile()) continue;
    } catch {
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.private === true) continue;
    const runtime =
      manifest.peerDependencies?.['@cloudflare/workers-types'] === undefined ? 'any' : 'workers';
    found.push({
      name: manifest.name,
      version: manifest.version,
      runtime,
      dir,
      entries: entriesOf(manifest),
    });
  }
  return found;
}
