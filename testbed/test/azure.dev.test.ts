import { azureEntry } from '../src/entries/azure.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(azureEntry, dev);
