import { bunEntry } from '../src/entries/bun.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(bunEntry, pushpin);
