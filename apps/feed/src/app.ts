import { memoryEventLog } from '@faas-grip/core';
import { feedApp } from './feed.js';

/**
 * The feed with its history in this process's memory: right for one Node
 * process (and the demo), where every request reaches the same log. Entries
 * that run as many instances pass a shared log to `feedApp` instead.
 */
export const app = feedApp(memoryEventLog());
