import { nodeEntry } from '../src/entries/node.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(nodeEntry, pushpin);
