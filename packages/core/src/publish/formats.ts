import { encodeBase64 } from '../jwt/base64.js';

// The publish formats, written to export exactly the JSON `@fanoutio/grip`'s
// classes of the same names export (a test compares them), so that code
// written against either publishes the same items. They are core's own so
// that a Worker publishing a message does not bundle the rest of that library.

/** A JSON value, as an exported format holds them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [field: string]: JsonValue };

/** A format as published: the fields of one transport's entry in an item's `formats`. */
export interface IFormatExport {
  [field: string]: JsonValue;
}

/** What `publish` takes for one transport: its name in `formats` and its exported fields. */
export interface IFormat {
  name(): string;
  export(): IFormatExport;
}

/** Content as a publish carries it: text as `content`, bytes as base64 in `content-bin`. */
function exportContent(content: string | Uint8Array | null, into: IFormatExport): void {
  if (content instanceof Uint8Array) into['content-bin'] = encodeBase64(content);
  else if (content != null) into.content = String(content);
}

export interface ResponseParams {
  code?: string | number | null;
  reason?: string | null;
  headers?: Record<string, string> | null;
  body?: Uint8Array | string | null;
}

/** The `http-response` format: the response a long-polling client is sent. */
export class HttpResponseFormat implements IFormat {
  code: string | number | null;
  reason: string | null;
  headers: Record<string, string> | null;
  body: Uint8Array | string | null;

  constructor(params: ResponseParams);
  constructor(
    code?: string | number | null,
    reason?: string | null,
    headers?: Record<string, string> | null,
    body?: Uint8Array | string | null,
  );
  constructor(
    code: ResponseParams | string | number | null = null,
    reason: string | null = null,
    headers: Record<string, string> | null = null,
    body: Uint8Array | string | null = null,
  ) {
    if (code !== null && typeof code === 'object') {
      ({ code = null, reason = null, headers = null, body = null } = code);
    }
    this.code = code;
    this.reason = reason;
    this.headers = headers;
    this.body = body;
  }

  name(): string {
    return 'http-response';
  }

  export(): IFormatExport {
    const exported: IFormatExport = {};
    if (this.code != null) exported.code = this.code;
    if (this.reason != null) exported.reason = this.reason;
    if (this.headers != null) exported.headers = this.headers;
    if (this.body instanceof Uint8Array) exported['body-bin'] = encodeBase64(this.body);
    else if (this.body != null) exported.body = String(this.body);
    return exported;
  }
}

/** The `http-stream` format: content for streaming clients, or closing their streams. */
export class HttpStreamFormat implements IFormat {
  content: string | Uint8Array | null;
  close: boolean;

  constructor(content: string | Uint8Array | null = null, close = false) {
    if (content == null && !close) throw new Error('HttpStreamFormat requires content.');
    this.content = content;
    this.close = close;
  }

  name(): string {
    return 'http-stream';
  }

  export(): IFormatExport {
    // Pushpin wants a content field even on a close.
    if (this.close) return { action: 'close', content: '' };
    const exported: IFormatExport = {};
    exportContent(this.content, exported);
    return exported;
  }
}

/** The `ws-message` format: a message for WebSocket clients, or closing them (with a code). */
export class WebSocketMessageFormat implements IFormat {
  content: string | Uint8Array | null;
  close: boolean;
  code: number | undefined;

  constructor(content: string | Uint8Array | null = null, close = false, code?: number) {
    if (content == null && !close) throw new Error('WebSocketMessageFormat requires content.');
    this.content = content;
    this.close = close;
    this.code = code;
  }

  name(): string {
    return 'ws-message';
  }

  export(): IFormatExport {
    const exported: IFormatExport = {};
    if (this.close) {
      exported.action = 'close';
      if (this.code != null) exported.code = this.code;
    } else {
      exportContent(this.content, exported);
    }
    return exported;
  }
}
