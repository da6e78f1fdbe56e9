import { netlifyEdgeEntry } from '../src/entries/netlify-edge.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(netlifyEdgeEntry, dev);
