import { lambdaFunctionUrlEntry } from '../src/entries/lambda.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(lambdaFunctionUrlEntry, pushpin);
