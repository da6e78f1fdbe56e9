import { netlifyFunctionEntry } from '../src/entries/netlify-function.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(netlifyFunctionEntry, dev);
