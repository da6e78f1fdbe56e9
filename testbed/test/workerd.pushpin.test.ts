import { workerdEntry } from '../src/entries/workerd.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(workerdEntry, pushpin);
