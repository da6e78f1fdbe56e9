import type { IFormat, IFormatExport } from './formats.js';
import { checkHttpResponseFormat } from './http-response.js';
import { checkWebSocketMessageFormat } from './ws-message.js';

/** A publish item as sent: its formats by name, and the ids that order it. */
export interface IItemExport {
  channel?: string;
  id?: string;
  'prev-id'?: string;
  formats: Record<string, IFormatExport>;
}

/** Anything that exports a publish item. */
export interface IItem {
  export(): IItemExport;
}

/** One item for several transports (at most one format of each name), with optional ids. */
export class Item implements IItem {
  formats: IFormat[];
  id: string | undefined;
  prevId: string | undefined;

  constructor(formats: IFormat | IFormat[], id?: string, prevId?: string) {
    this.formats = Array.isArray(formats) ? formats : [formats];
    this.id = id;
    this.prevId = prevId;
  }

  export(): IItemExport {
    const exported: IItemExport = { formats: {} };
    if (this.id != null) exported.id = this.id;
    if (this.prevId != null) exported['prev-id'] = this.prevId;
    for (const format of this.formats) {
      const name = format.name();
      // A second format of a name would silently replace the first.
      if (Object.hasOwn(exported.formats, name))
        throw new Error(`More than one instance of ${name} specified`);
      exported.formats[name] = format.export();
    }
    return exported;
  }
}

/** What `publish` accepts: one format, several formats (one per transport), or a full `Item`. */
export type Publishable = IFormat | readonly IFormat[] | IItem;

export interface PublishOptions {
  /** Item id, for ordering and de-duplication by the proxy (a random one when not given). */
  id?: string;
  /** Id of the item this one follows; the proxy holds it until that one is delivered. */
  prevId?: string;
}

function isItem(value: Publishable): value is IItem {
  return !Array.isArray(value) && 'formats' in value && typeof (value as IItem).export === 'function';
}

/**
 * The JSON object for one publish item on `channel`. An item without an id
 * gets a random one, so that a publish retried after its first attempt did
 * reach the proxy is dropped there as a repeat (Pushpin's id cache) instead of
 * delivered twice. Content a client must never receive (a header or reason
 * with a line break, a status outside 200–599, a close code that may not be
 * sent) throws before anything is sent.
 */
export function exportItem(
  channel: string,
  content: Publishable,
  options: PublishOptions = {},
): Record<string, unknown> {
  let item: IItem;
  if (isItem(content)) {
    if (options.id !== undefined || options.prevId !== undefined) {
      throw new TypeError('Give id and prevId on the Item itself, not as publish options');
    }
    item = content;
  } else {
    const formats = Array.isArray(content) ? [...content] : [content as IFormat];
    if (formats.length === 0) throw new TypeError('publish needs at least one format');
    item = new Item(formats, options.id, options.prevId);
  }
  const { channel: _own, id, ...exported } = item.export() as IItemExport & Record<string, unknown>;
  const response = exported.formats['http-response'];
  if (response !== undefined) checkHttpResponseFormat(response as Record<string, unknown>);
  const message = exported.formats['ws-message'];
  if (message !== undefined) checkWebSocketMessageFormat(message as Record<string, unknown>);
  return { channel, id: id ?? crypto.randomUUID(), ...exported };
}
