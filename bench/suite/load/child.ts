/** The load generator's process (pinned to its own core by the bench): runs HTTP load jobs on request. */
import { pushpinGripSig } from '../grip-sig.js';
import { serveParent } from '../ipc.js';
import { type LoadJob, runLoad } from './http-client.js';

const sig = pushpinGripSig();
serveParent(
  '',
  async () => undefined,
  (job) => runLoad(job as LoadJob, sig),
);
