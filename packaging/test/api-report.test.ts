import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiReport, reportPath } from '../src/api-report.js';
import { publishedPackages, repoRoot } from '../src/workspace.js';

// Each entry point's API as API Extractor reads it from the built
// declarations, compared with the report checked in beside the package: an API
// change fails here with the diff until `pnpm api` (which runs this file with
// --update) writes the new report, so the change is reviewed as a diff.

const packages = publishedPackages();

describe.each(packages.map((p) => [p.name, p] as const))('%s', (_, pkg) => {
  it.each(pkg.entries.map((e) => [e.specifier, e] as const))(
    '%s matches its API report',
    async (_, entry) => {
      const file = reportPath(pkg, entry);
      await expect(
        apiReport(pkg, entry),
        `${relative(repoRoot, file)} is out of date: run pnpm api`,
      ).toMatchFileSnapshot(file);
    },
  );

  it('has no report for an entry point it no longer has', () => {
    const folder = join(pkg.dir, 'api');
    const expected = new Set(pkg.entries.map((e) => `${e.reportName}.api.md`));
    const stale = existsSync(folder) ? readdirSync(folder).filter((f) => !expected.has(f)) : [];
    expect(
      stale.map((f) => relative(repoRoot, join(folder, f))),
      'delete these reports',
    ).toEqual([]);
  });
});
