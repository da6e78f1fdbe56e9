import { denoEntry } from '../src/entries/deno.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(denoEntry, dev);
