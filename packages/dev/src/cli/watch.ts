import { type FSWatcher, watch } from 'node:fs';

const IGNORED = /(^|[/\\])(node_modules|dist|\.git|\.turbo|coverage)([/\\]|$)/;

/**
 * Calls `onChange` (debounced) when a file under `paths` changes, ignoring
 * build output and dependencies.
 */
export function watchFiles(
  paths: readonly string[],
  onChange: (file: string) => void,
  debounceMs = 150,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  const watchers: FSWatcher[] = paths.map((path) =>
    watch(path, { recursive: true }, (_event, name) => {
      const file = name === null ? path : String(name);
      if (IGNORED.test(file)) return;
      last = file;
      clearTimeout(timer);
      timer = setTimeout(() => onChange(last), debounceMs);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
