import { fileURLToPath } from 'node:url';

/** This package's folder: the workPath its test functions are served from. */
export const packageDir = fileURLToPath(new URL('..', import.meta.url));
