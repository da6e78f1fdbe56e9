import { mkdirSync, writeFileSync } from 'node:fs';
import { page } from '../src/page.js';

// Vercel serves a project's output directory as static files before any
// rewrite applies, so the build puts there only what is meant to be public:
// the feed page. Every other path reaches the function through the rewrite
// to /api (vercel.json), and the sources stay private.
const out = new URL('../dist/vercel-static/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('index.html', out), page);
