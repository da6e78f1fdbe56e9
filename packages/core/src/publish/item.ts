import { type IFormat, type IItem, type IItemExport, Item } from '@fanoutio/grip';

/** What `publish` accepts: one format, several formats (one per transport), or a full `Item`. */
export type Publishable = IFormat | readonly IFormat[] | IItem;

export interface PublishOptions {
  /** Item id, for ordering and de-duplication by the proxy. */
  id?: string;
  /** Id of the item this one follows; the proxy holds it until that one is delivered. */
  prevId?: string;
}

function isItem(value: Publishable): value is IItem {
  return !Array.isArray(value) && 'formats' in value && typeof (value as IItem).export === 'function';
}

// @fanoutio/grip exports an http-response status as a string ("201"), while
// GRIP defines it as a number; a strict publish API refuses the string.
function numericStatus(exported: IItemExport): IItemExport {
  const response = exported.formats['http-response'];
  if (response !== undefined && typeof response.code === 'string' && /^\d{3}$/.test(response.code)) {
    response.code = Number(response.code);
  }
  return exported;
}

/** The JSON object for one publish item on `channel`. */
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
  return { channel, ...numericStatus(item.export()) };
}
