import { type IFormatExport, WebSocketMessageFormat } from '../publish/formats.js';
import { encodeClosePayload } from './close.js';

/**
 * A `ws-message` publish that closes subscribed connections with a code and
 * reason (the base format carries no reason).
 */
export class WebSocketCloseFormat extends WebSocketMessageFormat {
  readonly reason: string;

  constructor(code = 1000, reason = '') {
    encodeClosePayload(code, reason);
    super(null, true, code);
    this.reason = reason;
  }

  override export(): IFormatExport {
    const exported = super.export();
    if (this.reason !== '') exported.reason = this.reason;
    return exported;
  }
}
