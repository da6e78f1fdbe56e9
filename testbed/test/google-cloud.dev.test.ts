import { googleCloudEntry } from '../src/entries/google-cloud.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(googleCloudEntry, dev);
