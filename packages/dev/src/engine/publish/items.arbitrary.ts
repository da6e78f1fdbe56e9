import fc from 'fast-check';

/** Strings a hostile or careless publisher might send: control characters, wide characters, long runs. */
const nasty = fc.oneof(
  { weight: 4, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      'a\r\nb',
      '\n',
      '\u0000',
      'caf\u00e9',
      '\u2603',
      'x'.repeat(125),
      'x'.repeat(126),
      '\ud800',
    ),
  },
);

/** Any JSON value at all. */
const loose = fc.oneof(fc.jsonValue({ maxDepth: 2 }), nasty, fc.integer({ min: -5, max: 70_000 }));

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** Mostly the well-shaped form, with hostile values where a publisher chooses them; sometimes anything. */
const shapedOrLoose = <T>(...shaped: Array<fc.Arbitrary<T>>) =>
  fc.oneof(...shaped.map((arbitrary) => ({ weight: 4, arbitrary: arbitrary as fc.Arbitrary<unknown> })), {
    weight: 1,
    arbitrary: fc.dictionary(fc.string(), loose, { maxKeys: 4 }) as fc.Arbitrary<unknown>,
  });

const wsMessage = shapedOrLoose<object>(
  fc.record({ content: nasty, type: maybe(fc.constantFrom('text', 'binary', 'ping', 'pong')) }),
  fc.record({
    'content-bin': fc.base64String({ maxLength: 200 }),
    type: maybe(fc.constantFrom('ping', 'pong')),
  }),
  fc.record({
    action: fc.constant('close'),
    code: maybe(fc.integer({ min: 0, max: 5000 })),
    reason: maybe(nasty),
  }),
  fc.record(
    {
      content: loose,
      'content-bin': loose,
      type: loose,
      action: fc.constantFrom('send', 'close'),
      code: loose,
      reason: loose,
    },
    { requiredKeys: [] },
  ),
);

const headerName = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('X-A', 'X-B', 'Content-Length', 'Transfer-Encoding', 'Connection'),
  },
  { weight: 1, arbitrary: nasty },
);

const headers = fc.oneof(
  { weight: 3, arbitrary: fc.dictionary(headerName, nasty, { maxKeys: 2 }) },
  { weight: 2, arbitrary: fc.array(fc.tuple(headerName, nasty), { maxLength: 2 }) },
  { weight: 1, arbitrary: loose },
);

const httpResponse = shapedOrLoose<object>(
  fc.record(
    {
      code: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 200, max: 599 }) },
        {
          weight: 1,
          arbitrary: fc.oneof(fc.integer({ min: 0, max: 700 }), fc.constantFrom('200', '404', '99')),
        },
      ),
      reason: nasty,
      headers,
      body: nasty,
    },
    { requiredKeys: ['body'] },
  ),
);

const httpStream = shapedOrLoose<object>(
  fc.record({ content: nasty }),
  fc.record({ action: fc.constant('close') }),
);

const formats = fc.oneof(
  { weight: 3, arbitrary: fc.record({ 'ws-message': wsMessage }) },
  { weight: 3, arbitrary: fc.record({ 'http-response': httpResponse }) },
  { weight: 3, arbitrary: fc.record({ 'http-stream': httpStream }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { 'ws-message': wsMessage, 'http-response': httpResponse, 'http-stream': httpStream },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: loose },
);

const item = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      channel: fc.constantFrom('a', 'b'),
      id: maybe(fc.constantFrom('1', '2', '3')),
      formats,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      { channel: fc.oneof(fc.constantFrom('a', ''), loose), id: loose, 'prev-id': loose, formats },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: loose },
);

/** A publish body: mostly `{"items": [...]}` with arbitrary items, sometimes anything at all. */
export const publishBody = fc.oneof(
  { weight: 8, arbitrary: fc.record({ items: fc.array(item, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: loose },
  { weight: 1, arbitrary: fc.record({ items: loose }) },
);
