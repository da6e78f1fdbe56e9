import { type Hub, PublishFormatError, type PublishItem, parsePublishBody } from '@faas-grip/dev/engine';

/**
 * The test proxy's publish API as a `fetch`: a body core's publisher sends is
 * parsed by the dev proxy's parser (so the kit refuses what the dev proxy
 * refuses, with a 400), recorded, and handed to the current hub.
 */
export function publishIntake(
  hub: () => Hub,
  isClosed: () => boolean,
): { fetch: typeof fetch; record: PublishItem[] } {
  const record: PublishItem[] = [];
  const intake: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.method !== 'POST') return new Response('Method Not Allowed\n', { status: 405 });
    if (isClosed()) return new Response('The test proxy is closed\n', { status: 503 });
    let items: PublishItem[];
    try {
      items = parsePublishBody(await request.text());
    } catch (error) {
      if (error instanceof PublishFormatError) return new Response(`${error.message}\n`, { status: 400 });
      throw error;
    }
    for (const item of items) {
      record.push(item);
      hub().publish(item);
    }
    return new Response('Published\n');
  };
  return { fetch: intake, record };
}
