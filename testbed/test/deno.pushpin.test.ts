import { denoEntry } from '../src/entries/deno.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(denoEntry, pushpin);
