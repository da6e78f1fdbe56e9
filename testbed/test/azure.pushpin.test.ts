import { azureEntry } from '../src/entries/azure.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(azureEntry, pushpin);
