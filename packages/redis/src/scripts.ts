/**
 * The Lua scripts behind the log. Each runs atomically on the server, so an
 * append and the id it reports as previous cannot interleave with another
 * publisher's append, and a read sees one consistent stream.
 */

// Compares two canonical stream ids (no leading zeros) without converting to
// Lua numbers, which are doubles and lose precision past 2^53.
const olderFunction = `
local function older(a, b)
  local am, as = string.match(a, '^(%d+)%-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)%-(%d+)$')
  if am ~= bm then
    if #am ~= #bm then return #am < #bm end
    return am < bm
  end
  if #as ~= #bs then return #as < #bs end
  return as < bs
end
`;

/**
 * KEYS[1] the stream; ARGV[1] MAXLEN; ARGV[2] the newest id this client knows
 * was handed out for the stream ('' if none); ARGV[3] the id right after it;
 * ARGV[4..] the entry's fields and values.
 *
 * Redis picks ids from its clock (`*`), always above the stream's newest entry.
 * When the stream's newest entry is older than an id already handed out (the
 * stream was lost in a restart without persistence, and the clock may have
 * moved back), the script takes the id right after the known one instead, so
 * no id is ever handed out twice. Returns { new id, previous newest id }, the
 * previous id being the start id `0-0` when the stream has no entry.
 */
export const appendScript = `${olderFunction}
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local prev = false
if top[1] then prev = top[1][1] end
local id = '*'
if ARGV[2] ~= '' and (not prev or older(prev, ARGV[2])) then id = ARGV[3] end
local command = {'XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], id}
for i = 4, #ARGV do command[#command + 1] = ARGV[i] end
return {redis.call(unpack(command)), prev or '0-0'}
`;

/**
 * KEYS[1] the stream; ARGV[1] the id after which to read ('' for none, `0-0`
 * for the start); ARGV[2] the most entries to return.
 *
 * Returns { 'ok', newest id, entries } or { 'too-old', newest id }, the newest
 * id being `0-0` when the stream has no entry.
 * The start `0-0` is replayable while no entry was ever removed: Redis 7 counts
 * the entries ever added (`entries-added`), and it equals `length` until
 * trimming or XDEL removes one (`max-deleted-entry-id` stays `0-0` after
 * MAXLEN trimming, so it cannot tell). Redis 6.2 does not count: the start is
 * then too-old once the stream exists. Any other id is replayable only if it is
 * still in the stream (an id trimmed away, lost in a restart or never handed
 * out is not) and nothing after it was deleted by XDEL (Redis 7 reports the
 * largest deleted id; trimming does not move it, which is why presence is
 * checked first).
 */
export const readScript = `${olderFunction}
local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local last = '0-0'
if top[1] then last = top[1][1] end
if ARGV[1] == '' then return {'ok', last, {}} end
if ARGV[1] == '0-0' then
  if redis.call('EXISTS', KEYS[1]) == 0 then return {'ok', last, {}} end
  local info = redis.call('XINFO', 'STREAM', KEYS[1])
  local added, length = false, false
  for i = 1, #info - 1, 2 do
    if info[i] == 'entries-added' then added = info[i + 1] end
    if info[i] == 'length' then length = info[i + 1] end
  end
  if not added or added ~= length then return {'too-old', last} end
  return {'ok', last, redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', ARGV[2])}
end
if not top[1] then return {'too-old', last} end
if not redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])[1] then return {'too-old', last} end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
for i = 1, #info - 1, 2 do
  if info[i] == 'max-deleted-entry-id' and older(ARGV[1], info[i + 1]) then return {'too-old', last} end
end
return {'ok', last, redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])}
`;
