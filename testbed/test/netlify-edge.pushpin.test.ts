import { netlifyEdgeEntry } from '../src/entries/netlify-edge.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(netlifyEdgeEntry, pushpin);
