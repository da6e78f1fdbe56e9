import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The executable an npm package ships for a runtime (`deno`, `bun`): the
 * file at `relative` inside the installed package, unless `override` (an
 * environment variable's value) names another. The npm packages put the
 * real binary there in their postinstall step; a placeholder or a missing
 * file is reported as such rather than failing later as an odd spawn error.
 */
export function runtimeBinary(pkg: string, relative: string, override: string | undefined): string {
  if (override !== undefined && override !== '') return override;
  let dir: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch (cause) {
    throw new Error(`the ${pkg} package is not installed in the testbed (pnpm install)`, { cause });
  }
  const file = join(dir, relative);
  try {
    accessSync(file, constants.X_OK);
  } catch (cause) {
    throw new Error(`${file} is missing or not executable: ${pkg}'s postinstall did not run`, { cause });
  }
  // Real runtimes are tens of MB; the placeholders their packages ship are text.
  if (statSync(file).size < 1_000_000) {
    throw new Error(`${file} is a placeholder: ${pkg}'s postinstall did not replace it with the binary`);
  }
  return file;
}
