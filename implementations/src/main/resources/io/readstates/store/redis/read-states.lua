-- The Redis store's cache policy, run atomically inside Redis: one script, one round trip per call.
-- ARGV[1] is the command, ARGV[2] the key prefix of one store instance; the rest depends on the command.
--
-- Keys (P = prefix):
--   P:u:<user>   hash   channel -> "<last>|<mentions>"      resident states of one user
--   P:lru        zset   "<user>:<channel>" -> access clock   recency (ZPOPMIN = least recently used)
--   P:clock      string access clock (INCR)
--   P:dirty      zset   member -> ms when it became dirty    write-behind queue
--   P:pending    hash   member -> "<last>|<mentions>|<version>"  evicted dirty states whose write is in flight
--   P:evlog      list   members that left the cache, newest first (capped); P:evseq counts them
--   P:version    string last version handed out (versions: max(now in µs, last + 1))
--
-- Message IDs are 64-bit and Lua numbers are doubles, so IDs stay strings and are compared as
-- decimal strings (longer is larger; equal length compares lexicographically). Mention counts and
-- clocks stay far below 2^53 and are plain numbers.

local cmd, P = ARGV[1], ARGV[2]
local EVLOG_MAX = 4096

local function gt(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end

local function split(v)
  local last, mentions = string.match(v, '^(%d+)|(%d+)')
  return last, tonumber(mentions)
end

local function member_of(u, c) return u .. ':' .. c end

local function parse_member(m)
  return string.match(m, '^(%-?%d+):(%-?%d+)$')
end

local function next_version(now_micros)
  local last = tonumber(redis.call('GET', P .. ':version') or '0')
  local v = math.max(tonumber(now_micros), last + 1)
  redis.call('SET', P .. ':version', string.format('%.0f', v))
  return string.format('%.0f', v)
end

local function record_left(m)
  redis.call('LPUSH', P .. ':evlog', m)
  redis.call('LTRIM', P .. ':evlog', 0, EVLOG_MAX - 1)
  redis.call('INCR', P .. ':evseq')
end

local function evseq() return tonumber(redis.call('GET', P .. ':evseq') or '0') end

-- did member (or, with user_prefix, any state of that user) leave since sequence `since`?
local function left_since(since, m, user_prefix)
  local n = evseq() - since
  if n > EVLOG_MAX then return true end
  if n <= 0 then return false end
  local entries = redis.call('LRANGE', P .. ':evlog', 0, n - 1)
  for _, e in ipairs(entries) do
    if (user_prefix and string.sub(e, 1, #user_prefix) == user_prefix) or e == m then return true end
  end
  return false
end

local function touch(m) redis.call('ZADD', P .. ':lru', redis.call('INCR', P .. ':clock'), m) end

-- applies op to a resident state and returns {1, last, mentions}
local function apply(u, c, m, last, mentions, op, msg, now_ms)
  if op == 'ack' then
    if gt(msg, last) then last = msg end
    mentions = 0
  elseif op == 'mention' then
    mentions = mentions + 1
  end
  if op ~= 'get' then
    redis.call('HSET', P .. ':u:' .. u, c, last .. '|' .. mentions)
    redis.call('ZADD', P .. ':dirty', 'NX', now_ms, m)
  end
  touch(m)
  return {1, last, tostring(mentions)}
end

-- evicts least recently used states until one more fits; appends dirty victims
-- (user, channel, last, mentions, version) to `victims` and returns the number evicted
local function make_room(capacity, now_micros, victims)
  local evicted = 0
  while redis.call('ZCARD', P .. ':lru') >= capacity do
    local eldest = redis.call('ZPOPMIN', P .. ':lru')
    local m = eldest[1]
    local u, c = parse_member(m)
    local key = P .. ':u:' .. u
    local v = redis.call('HGET', key, c)
    redis.call('HDEL', key, c)
    if redis.call('ZREM', P .. ':dirty', m) == 1 then
      local last, mentions = split(v)
      local version = next_version(now_micros)
      redis.call('HSET', P .. ':pending', m, last .. '|' .. mentions .. '|' .. version)
      for _, x in ipairs({u, c, last, tostring(mentions), version}) do victims[#victims + 1] = x end
    else
      record_left(m)
    end
    evicted = evicted + 1
  end
  return evicted
end

local function pending_value(m)
  local p = redis.call('HGET', P .. ':pending', m)
  if not p then return nil end
  local last, mentions = split(p)
  return last, mentions
end

-- access op user channel msg now_ms  ->  {1, last, mentions} on a hit, {0, evseq} on a miss
if cmd == 'access' then
  local op, u, c, msg, now_ms = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
  local v = redis.call('HGET', P .. ':u:' .. u, c)
  if not v then return {0, tostring(evseq())} end
  local last, mentions = split(v)
  return apply(u, c, member_of(u, c), last, mentions, op, msg, now_ms)
end

-- insert op user channel msg now_ms since found last mentions capacity now_micros
--   -> {1, last, mentions, created, evicted, victims...} or {2} (retry: the state left while it was loaded)
if cmd == 'insert' then
  local op, u, c, msg, now_ms = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
  local since, found, capacity, now_micros = tonumber(ARGV[8]), ARGV[9], tonumber(ARGV[12]), ARGV[13]
  local m = member_of(u, c)
  local key = P .. ':u:' .. u
  local v = redis.call('HGET', key, c)
  if v then
    local last, mentions = split(v)
    local r = apply(u, c, m, last, mentions, op, msg, now_ms)
    return {1, r[2], r[3], 0, 0}
  end
  local last, mentions = pending_value(m)
  local created = 0
  if not last then
    if left_since(since, m, nil) then return {2} end
    if found == '1' then
      last, mentions = ARGV[10], tonumber(ARGV[11])
    else
      last, mentions, created = '0', 0, 1
    end
  end
  local victims = {}
  local evicted = make_room(capacity, now_micros, victims)
  redis.call('HSET', key, c, last .. '|' .. mentions)
  local r = apply(u, c, m, last, mentions, op, msg, now_ms)
  local out = {1, r[2], r[3], created, evicted}
  for _, x in ipairs(victims) do out[#out + 1] = x end
  return out
end

-- ready user since capacity now_micros n (channel last mentions)*n  -- the partition read by the client
--   -> {1, n, inserted, (channel last mentions)*n, evicted, victims...} or {2} (retry)
if cmd == 'ready' then
  local u, since, capacity, now_micros, n = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7])
  if left_since(since, nil, u .. ':') then return {2} end
  local key = P .. ':u:' .. u
  local part = {}
  -- resident values win over the read, and are taken before any eviction below can push them out
  for i = 1, n do
    local c = ARGV[7 + 3 * i - 2]
    local v = redis.call('HGET', key, c)
    if v then
      local last, mentions = split(v)
      part[i] = {c, last, mentions}
    else
      part[i] = {c, ARGV[7 + 3 * i - 1], tonumber(ARGV[7 + 3 * i])}
    end
  end
  local victims = {}
  local evicted = 0
  local inserted = 0
  local out = {1, n, 0}
  for i = 1, n do
    local c, last, mentions = part[i][1], part[i][2], part[i][3]
    local m = member_of(u, c)
    local v = redis.call('HGET', key, c)
    if v then
      last, mentions = split(v)
    else
      local pl, pm = pending_value(m)
      if pl then last, mentions = pl, pm end
      evicted = evicted + make_room(capacity, now_micros, victims)
      redis.call('HSET', key, c, last .. '|' .. mentions)
      inserted = inserted + 1
    end
    touch(m)
    out[#out + 1] = c
    out[#out + 1] = last
    out[#out + 1] = tostring(mentions)
  end
  out[3] = inserted
  out[#out + 1] = evicted
  for _, x in ipairs(victims) do out[#out + 1] = x end
  return out
end

-- complete n (user channel version)*n  -- these eviction writes landed in the backing store
if cmd == 'complete' then
  local n = tonumber(ARGV[3])
  for i = 1, n do
    local u, c, version = ARGV[3 * i + 1], ARGV[3 * i + 2], ARGV[3 * i + 3]
    local m = member_of(u, c)
    local p = redis.call('HGET', P .. ':pending', m)
    if p then
      local pv = string.match(p, '|(%d+)$')
      if not gt(pv, version) then redis.call('HDEL', P .. ':pending', m) end
    end
    record_left(m)
  end
  return n
end

-- capture cutoff_ms limit now_micros -> {evseq, (user channel last mentions version)*}
-- dirty states that became dirty at or before cutoff_ms, oldest first, each with a fresh version
if cmd == 'capture' then
  local cutoff, limit, now_micros = ARGV[3], tonumber(ARGV[4]), ARGV[5]
  local members = redis.call('ZRANGEBYSCORE', P .. ':dirty', '-inf', cutoff, 'LIMIT', 0, limit)
  local out = {tostring(evseq())}
  for _, m in ipairs(members) do
    local u, c = parse_member(m)
    local last, mentions = split(redis.call('HGET', P .. ':u:' .. u, c))
    for _, x in ipairs({u, c, last, tostring(mentions), next_version(now_micros)}) do out[#out + 1] = x end
  end
  return out
end

-- confirm since n (user channel last mentions)*n -> states marked clean
-- clean only if still resident with the written value, not pending, and never left since the capture
if cmd == 'confirm' then
  local since, n = tonumber(ARGV[3]), tonumber(ARGV[4])
  local cleaned = 0
  for i = 1, n do
    local b = 4 + 4 * (i - 1)
    local u, c, last, mentions = ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4]
    local m = member_of(u, c)
    local v = redis.call('HGET', P .. ':u:' .. u, c)
    if v == last .. '|' .. mentions and not redis.call('HGET', P .. ':pending', m) and not left_since(since, m, nil) then
      cleaned = cleaned + redis.call('ZREM', P .. ':dirty', m)
    end
  end
  return cleaned
end

-- check -> {resident, indexed, pending}: the invariants tests look at
if cmd == 'check' then
  local resident = redis.call('ZCARD', P .. ':lru')
  local indexed = 0
  local members = redis.call('ZRANGE', P .. ':lru', 0, -1)
  for _, m in ipairs(members) do
    local u, c = parse_member(m)
    if redis.call('HEXISTS', P .. ':u:' .. u, c) == 1 then indexed = indexed + 1 end
  end
  return {resident, indexed, redis.call('HLEN', P .. ':pending')}
end

return redis.error_reply('unknown command ' .. tostring(cmd))
