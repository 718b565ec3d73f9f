-- Writes one entity row of one view in Feast's layout, only if its (event time, created) is newer than the stored one.
-- KEYS[1]  the entity hash (serialized entity key + project)
-- ARGV[1]  the view's timestamp field, _ts:<view> (Feast's)
-- ARGV[2]  event time, epoch seconds      ARGV[3]  its nanoseconds
-- ARGV[4]  the same event time as a serialized google.protobuf.Timestamp (what is stored)
-- ARGV[5]  EXPIRE seconds, 0 for none
-- ARGV[6]  the view's created field, _created:<view> (ours; Feast's readers never read it)
-- ARGV[7]  created, epoch seconds         ARGV[8]  its nanoseconds      (both empty when the row has none)
-- ARGV[9]  the same created time as a serialized google.protobuf.Timestamp (empty when none)
-- ARGV[10..] feature field, value, feature field, value, ...
-- Returns 1 when written, 0 when the stored row is as new or newer (a redelivery, an older event, an older
-- computation of the same event time). A row without created never wins a tie of event times; a stored row
-- without created (written by Feast, or before created was kept) loses a tie to a row that has one.

-- One base-128 varint from position i; returns the value and the next position (nil when truncated).
local function varint(bytes, i)
  local value, scale = 0, 1
  while i <= #bytes do
    local b = string.byte(bytes, i)
    value = value + (b % 128) * scale
    i = i + 1
    if b < 128 then return value, i end
    scale = scale * 128
  end
  return nil, i
end

-- google.protobuf.Timestamp: field 1 seconds (tag 0x08), field 2 nanos (tag 0x10), both varints.
local function decode_timestamp(bytes)
  local seconds, nanos, i = 0, 0, 1
  while i <= #bytes do
    local tag = string.byte(bytes, i)
    local value
    value, i = varint(bytes, i + 1)
    if value == nil then return nil end
    if tag == 8 then seconds = value elseif tag == 16 then nanos = value else return nil end
  end
  if seconds >= 9223372036854775808 then seconds = seconds - 18446744073709551616 end
  return seconds, nanos
end

-- -1, 0, 1 as (s1, n1) is before, equal to, after (s2, n2).
local function compare(s1, n1, s2, n2)
  if s1 ~= s2 then return s1 < s2 and -1 or 1 end
  if n1 ~= n2 then return n1 < n2 and -1 or 1 end
  return 0
end

local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local seconds, nanos = decode_timestamp(stored)
  if seconds then
    local order = compare(tonumber(ARGV[2]), tonumber(ARGV[3]), seconds, nanos)
    if order < 0 then
      return 0
    end
    if order == 0 then
      if ARGV[7] == '' then
        return 0
      end
      local stored_created = redis.call('HGET', KEYS[1], ARGV[6])
      if stored_created then
        local created_seconds, created_nanos = decode_timestamp(stored_created)
        if created_seconds and compare(tonumber(ARGV[7]), tonumber(ARGV[8]), created_seconds, created_nanos) <= 0 then
          return 0
        end
      end
    end
  end
end
if ARGV[7] == '' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[4], unpack(ARGV, 10))
  redis.call('HDEL', KEYS[1], ARGV[6])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[4], ARGV[6], ARGV[9], unpack(ARGV, 10))
end
local ttl = tonumber(ARGV[5])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
end
return 1
