import { bunEntry } from '../src/entries/bun.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(bunEntry, dev);
