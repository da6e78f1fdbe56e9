import { workerdEntry } from '../src/entries/workerd.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(workerdEntry, dev);
