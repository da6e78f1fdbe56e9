import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompilerState,
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
} from '@microsoft/api-extractor';
import { type EntryPoint, type PublishedPackage, publishedPackages } from './workspace.js';

/** Where an entry point's report is checked in: `packages/<name>/api/<entry>.api.md`. */
export function reportPath(pkg: PublishedPackage, entry: EntryPoint): string {
  return join(pkg.dir, 'api', `${entry.reportName}.api.md`);
}

let sharedProgram: CompilerState | undefined;

// One TypeScript program holds every package's entry declarations, built once:
// a program per entry would cost seconds each.
function compilerState(config: ExtractorConfig): CompilerState {
  if (sharedProgram === undefined) {
    const files = publishedPackages().flatMap((p) => p.entries.map((e) => join(p.dir, e.types)));
    sharedProgram = CompilerState.create(config, {
      additionalEntryPoints: files.filter((f) => existsSync(f)),
    });
  }
  return sharedProgram;
}

/**
 * The API report of one entry point, made by API Extractor from the built
 * declarations. API Extractor takes one entry point per configuration, so each
 * entry gets a configuration of its own, built here rather than checked in as
 * a file per entry. Messages go into the report (a forgotten export shows as a
 * warning line there) instead of to the console.
 */
export function apiReport(pkg: PublishedPackage, entry: EntryPoint): string {
  const temp = mkdtempSync(join(tmpdir(), 'faas-grip-api-'));
  try {
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: pkg.dir,
        mainEntryPointFilePath: join(pkg.dir, entry.types),
        compiler: {
          // Only the declarations: by default a tsconfig takes every .ts
          // file of the package, its tests included.
          overrideTsconfig: {
            files: [join(pkg.dir, entry.types)],
            compilerOptions: {
              target: 'ES2022',
              lib: ['ES2023', 'DOM', 'DOM.Iterable'],
              module: 'preserve',
              moduleResolution: 'bundler',
              types: ['node'],
              strict: true,
              skipLibCheck: true,
            },
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: entry.reportName,
          reportFolder: temp,
          reportTempFolder: temp,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // The packages use no release tags (@public, @beta): every export is public.
          extractorMessageReporting: {
            default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
            'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
            // Documentation is the README's and the doc comments' concern, not the API shape's.
            'ae-undocumented': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
            'ae-unresolved-link': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
          },
          tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: false } },
          compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
        },
      },
      packageJsonFullPath: join(pkg.dir, 'package.json'),
      configObjectFullPath: undefined,
    });
    const errors: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: true,
      compilerState: compilerState(config),
      messageCallback: (message: ExtractorMessage) => {
        if (message.logLevel === ExtractorLogLevel.Error)
          errors.push(message.formatMessageWithLocation(pkg.dir));
        message.handled = true;
      },
    });
    if (!result.succeeded || errors.length > 0) {
      throw new Error(
        `API Extractor failed for ${entry.specifier} (${entry.types}):\n${errors.join('\n') || `${result.errorCount} errors`}`,
      );
    }
    return readFileSync(join(temp, `${entry.reportName}.api.md`), 'utf8');
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
