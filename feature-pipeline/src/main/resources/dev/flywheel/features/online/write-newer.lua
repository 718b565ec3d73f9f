-- Writes one entity row of one view in Feast's layout, only if its event time is newer than the stored one.
-- KEYS[1]  the entity hash (serialized entity key + project)
-- ARGV[1]  the view's timestamp field, _ts:<view>
-- ARGV[2]  event time, epoch seconds      ARGV[3]  its nanoseconds
-- ARGV[4]  the same event time as a serialized google.protobuf.Timestamp (what is stored)
-- ARGV[5]  EXPIRE seconds, 0 for none
-- ARGV[6..] feature field, value, feature field, value, ...
-- Returns 1 when written, 0 when the stored event time is equal or newer (a redelivery or an older event).

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

local stored = redis.call('HGET', KEYS[1], ARGV[1])
if stored then
  local seconds, nanos = decode_timestamp(stored)
  if seconds then
    local new_seconds, new_nanos = tonumber(ARGV[2]), tonumber(ARGV[3])
    if new_seconds < seconds or (new_seconds == seconds and new_nanos <= nanos) then
      return 0
    end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4], unpack(ARGV, 6))
local ttl = tonumber(ARGV[5])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
end
return 1
