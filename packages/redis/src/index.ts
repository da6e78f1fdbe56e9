export type { RedisCommandClient } from './client.js';
export { type RedisEventLogOptions, redisEventLog } from './redis-event-log.js';
