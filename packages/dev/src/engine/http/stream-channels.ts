import type { Hub, Subscriber } from '../hub.js';
import type { HoldChannel } from './instruct.js';
import type { StreamOrder } from './stream-order.js';

/**
 * Moves a stream from the channels it listens on to those of a hold (its
 * first, or a recovery's): subscriptions in the hub, and each channel's
 * position. Returns the new channel names, and warnings for the developer.
 */
export function adoptChannels(
  hub: Hub,
  stream: Subscriber,
  order: StreamOrder,
  current: readonly string[],
  channels: readonly HoldChannel[],
  options: { first: boolean; hasNextLink: boolean },
): { names: string[]; warnings: string[] } {
  const names = channels.map((c) => c.name);
  const warnings: string[] = [];
  for (const name of current) {
    if (names.includes(name)) continue;
    hub.unsubscribe(name, stream);
    order.removeChannel(name);
  }
  for (const channel of channels) {
    if (!current.includes(channel.name)) hub.subscribe(channel.name, stream);
    // Without a prev-id the first hold starts where the channel is, as Pushpin's sequencer does.
    const position = channel.prevId ?? (options.first ? hub.lastId(channel.name) : undefined);
    order.setPosition(channel.name, position, channel.prevId !== undefined && options.hasNextLink);
    if (channel.prevId !== undefined && !options.hasNextLink)
      warnings.push(`${channel.name} has a prev-id but no next link (Pushpin ends such a stream)`);
  }
  const filters = channels.flatMap((c) => c.filters);
  if (filters.length > 0)
    warnings.push(`channel filters ${filters.join(', ')} are not applied by the dev proxy`);
  return { names, warnings };
}
