import { nodeEntry } from '../src/entries/node.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(nodeEntry, dev);
