import { vercelNodeEntry } from '../src/entries/vercel-node.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(vercelNodeEntry, pushpin);
