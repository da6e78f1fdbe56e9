import { lambdaAlbEntry } from '../src/entries/lambda.js';
import { dev } from '../src/proxies/dev.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(lambdaAlbEntry, dev);
