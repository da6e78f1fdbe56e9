import { honoEntry } from '../src/entries/hono.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(honoEntry, pushpin);
