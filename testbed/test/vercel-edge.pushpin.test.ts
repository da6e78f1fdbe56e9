import { vercelEdgeEntry } from '../src/entries/vercel-edge.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(vercelEdgeEntry, pushpin);
