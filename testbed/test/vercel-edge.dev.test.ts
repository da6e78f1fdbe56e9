import { vercelEdgeEntry } from '../src/entries/vercel-edge.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(vercelEdgeEntry, dev);
