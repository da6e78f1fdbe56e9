import { googleCloudEntry } from '../src/entries/google-cloud.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(googleCloudEntry, pushpin);
