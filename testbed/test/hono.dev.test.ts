import { honoEntry } from '../src/entries/hono.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(honoEntry, dev);
