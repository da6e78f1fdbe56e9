import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { bundleWorker, chatWorkerEntry } from './test/chat-bundle.js';

const compatibilityDate = '2026-04-01';

// Tests run inside workerd. The example chat app runs beside them as its own
// Worker, bundled as wrangler would and without nodejs_compat, so a Node
// built-in anywhere in its graph would fail to load.
export default defineProject({
  plugins: [
    cloudflareTest(async ({ inject }) => {
      const recorder = inject('recorderUrl');
      const chat = await bundleWorker(chatWorkerEntry);
      return {
        main: './test/worker.ts',
        miniflare: {
          compatibilityDate,
          bindings: {
            GREETING: 'hello from a binding',
            GRIP_URL: `${recorder}/t/gated-self?iss=pushpin&key=self-test-key`,
            GRIP_PREFIX: 'self-',
          },
          serviceBindings: { CHAT: 'chat' },
          // The event log's object on both storage backends: SQLite (what new
          // namespaces get) and the older key-value one.
          durableObjects: {
            EVENT_LOG: { className: 'EventLogDurableObject', useSQLite: true },
            EVENT_LOG_KV: { className: 'EventLogDurableObject' },
          },
          workers: [
            {
              name: 'chat',
              modules: true,
              script: chat.code,
              compatibilityDate,
              bindings: { GRIP_URL: `${recorder}/t/chat`, GRIP_PREFIX: 'chat-' },
            },
          ],
        },
      };
    }),
  ],
  test: {
    name: 'cloudflare',
    include: ['src/**/*.test.ts'],
    globalSetup: ['./test/recorder.ts'],
  },
});
