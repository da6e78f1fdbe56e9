import { gripUrlFor } from '@faas-grip/dev';

/**
 * The channel prefix every origin in the suite runs with. The suite's own
 * publishes add it (see Bed.publish), so each test shows that holds,
 * subscriptions and publishes made by the runtime all carry it.
 */
export const CHANNEL_PREFIX = 'bed-';

/** The origin's GRIP settings for a proxy whose publish API is on `publishPort`. */
export function originEnvFor(publishPort: number, sigKey: string): Record<string, string> {
  return {
    GRIP_URL: gripUrlFor(`http://127.0.0.1:${publishPort}`, 'pushpin', sigKey),
    GRIP_PREFIX: CHANNEL_PREFIX,
  };
}
