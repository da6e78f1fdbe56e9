import { vercelNodeEntry } from '../src/entries/vercel-node.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(vercelNodeEntry, dev);
