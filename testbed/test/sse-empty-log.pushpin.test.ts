import { nodeEntry } from '../src/entries/node.js';
import { pushpin } from '../src/proxies/pushpin.js';
import { describeEmptyLogRecovery } from '../src/suite/event-stream-empty-log.js';

describeEmptyLogRecovery(nodeEntry, pushpin);
