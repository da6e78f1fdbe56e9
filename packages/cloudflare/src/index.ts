export {
  type DurableObjectEventLogOptions,
  durableObjectEventLog,
  type EventLogNamespace,
} from './durable-object-event-log.js';
export { EventLogDurableObject } from './event-log-durable-object.js';
export { type HandleOptions, handle, type WorkerHandler } from './handle.js';
