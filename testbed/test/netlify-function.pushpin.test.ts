import { netlifyFunctionEntry } from '../src/entries/netlify-function.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(netlifyFunctionEntry, pushpin);
