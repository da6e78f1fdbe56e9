import { honoBunEntry } from '../src/entries/hono-runtimes.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeConformance } from '../src/suite/conformance.js';

describeConformance(honoBunEntry, pushpin);
