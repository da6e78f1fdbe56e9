import { nodeEntry } from '../src/entries/node.js';
import { dev } from '../src/proxies/dev.js';
import { describeEmptyLogRecovery } from '../src/suite/event-stream-empty-log.js';

describeEmptyLogRecovery(nodeEntry, dev);
