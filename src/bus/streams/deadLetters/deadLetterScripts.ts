/**
 * The two Lua scripts that make moves and replays atomic, loaded once per
 * connection with ioredis' defineCommand (EVALSHA, and EVAL after NOSCRIPT).
 *
 * Every key a script touches is one of its KEYS, so in a Cluster they must
 * share a slot: name the origin with a hash tag (`{orders}`) and its dead
 * letters after it (`{orders}:dlq`, ledger `{orders}:dlq:replayed`). See
 * clusterSlots.ts.
 *
 * Dead-letter layout (also in deadLettersContract.ts): `dlq:v1` = N, then
 * N-1 bookkeeping pairs, then the original's pairs byte for byte. Lua
 * strings are bytes, so binary values and invalid UTF-8 names pass intact.
 */
import type { LabwireClient } from '../../connections/connectClient';

/**
 * Lua 5.1's unpack stops near 8,000 values (measured on Redis 7.0: 7,996
 * arguments pass, 20,000 fail), and XADD is one call: entries with more
 * field pairs than this are refused by the scripts with a plain reason.
 */
export const MAX_SCRIPT_FIELD_PAIRS = 3_900;

/** How long the replay ledger outlives its last write. */
export const LEDGER_TTL_SECONDS = 30 * 24 * 3600;

/** The ledger of a dead-letter stream: dead-letter id to the id its replay added. Same hash tag as the stream. */
export function ledgerKeyOf(dlqKey: string): string {
  return `${dlqKey}:replayed`;
}

/**
 * KEYS: origin, dead-letter stream. ARGV: group, id, reason, moved-at ms,
 * dead-letter MAXLEN (0: no trim; the demo bounds its own).
 * Answers {'moved', new id, deliveries} | {'not-pending'} | {'gone'} | {'too-many-fields', n}.
 */
const MOVE_SCRIPT = `
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #pending == 0 then return {'not-pending'} end
local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if #entry == 0 then return {'gone'} end
local fields = entry[1][2]
if #fields > ${MAX_SCRIPT_FIELD_PAIRS * 2} then return {'too-many-fields', tostring(#fields / 2)} end
local deliveries = tostring(pending[1][4])
local args = {'XADD', KEYS[2]}
local maxlen = tonumber(ARGV[5])
if maxlen > 0 then
  args[#args + 1] = 'MAXLEN'
  args[#args + 1] = '~'
  args[#args + 1] = ARGV[5]
end
local header = {'dlq:v1', '8', 'dlq:reason', ARGV[3], 'dlq:origin', KEYS[1], 'dlq:original_id', ARGV[2],
  'dlq:deliveries', deliveries, 'dlq:moved_at', ARGV[4], 'dlq:group', ARGV[1], 'dlq:consumer', pending[1][2]}
args[#args + 1] = '*'
for i = 1, #header do args[#args + 1] = header[i] end
for i = 1, #fields do args[#args + 1] = fields[i] end
local newId = redis.call(unpack(args))
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return {'moved', newId, deliveries}
`;

/**
 * KEYS: dead-letter stream, its ledger, origin. ARGV: dead-letter id, ledger TTL s.
 * Answers {'already', new id} | {'missing'} | {'replayed', new id} |
 * {'other-origin', origin} | {'too-many-fields', n}. Never trims the origin.
 */
const REPLAY_SCRIPT = `
local prior = redis.call('HGET', KEYS[2], ARGV[1])
if prior then return {'already', prior} end
local entry = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #entry == 0 then return {'missing'} end
local fields = entry[1][2]
local first = 1
if fields[1] == 'dlq:v1' then
  local count = tonumber(fields[2]) or 1
  if count < 1 or count * 2 > #fields then count = 1 end
  for i = 3, count * 2, 2 do
    if fields[i] == 'dlq:origin' and fields[i + 1] ~= KEYS[3] then return {'other-origin', fields[i + 1]} end
  end
  first = count * 2 + 1
end
if #fields - first + 1 > ${MAX_SCRIPT_FIELD_PAIRS * 2} then return {'too-many-fields', tostring((#fields - first + 1) / 2)} end
local args = {'XADD', KEYS[3], '*'}
for i = first, #fields do args[#args + 1] = fields[i] end
args[#args + 1] = 'replayed_from'
args[#args + 1] = ARGV[1]
local newId = redis.call(unpack(args))
redis.call('HSET', KEYS[2], ARGV[1], newId)
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[1])
return {'replayed', newId}
`;

/** The script commands as ioredis adds them to a client (and to its pipelines). */
export interface DeadLetterCommands {
  labwireDlqMove(origin: string, dlqKey: string, group: string, id: string, reason: string, movedAtMs: string, maxLen: string): Promise<string[]>;
  labwireDlqReplay(dlqKey: string, ledgerKey: string, origin: string, id: string, ttlSeconds: string): Promise<string[]>;
}

export type ScriptedRedis = LabwireClient & DeadLetterCommands;

/** The client with the scripts defined (once per client). */
export function withDeadLetterScripts(client: LabwireClient): ScriptedRedis {
  const scripted = client as ScriptedRedis;
  if (typeof scripted.labwireDlqReplay !== 'function') {
    client.defineCommand('labwireDlqMove', { numberOfKeys: 2, lua: MOVE_SCRIPT });
    client.defineCommand('labwireDlqReplay', { numberOfKeys: 3, lua: REPLAY_SCRIPT });
  }
  return scripted;
}

export type MoveReply = { state: 'moved'; deadLetterId: string; deliveries: number } | { state: 'not-pending' } | { state: 'gone' } | { state: 'too-many-fields'; pairs: number };

export interface MoveRequest {
  origin: string;
  dlqKey: string;
  group: string;
  id: string;
  reason: string;
  /** 0: the dead-letter stream is not trimmed. */
  maxLen?: number;
}

/** One move, atomically. Rejects with the server's error (NOPERM, WRONGTYPE, NOGROUP). */
export async function moveToDeadLetters(client: LabwireClient, request: MoveRequest, nowMs = Date.now()): Promise<MoveReply> {
  const reply = await withDeadLetterScripts(client).labwireDlqMove(
    request.origin,
    request.dlqKey,
    request.group,
    request.id,
    request.reason,
    String(nowMs),
    String(request.maxLen ?? 0),
  );
  return readMoveReply(reply);
}

export function readMoveReply(reply: unknown): MoveReply {
  const parts = Array.isArray(reply) ? reply.map(String) : [];
  switch (parts[0]) {
    case 'moved':
      return { state: 'moved', deadLetterId: parts[1] ?? '', deliveries: Number(parts[2]) };
    case 'not-pending':
      return { state: 'not-pending' };
    case 'too-many-fields':
      return { state: 'too-many-fields', pairs: Number(parts[1]) };
    default:
      return { state: 'gone' };
  }
}

export type ReplayReply =
  | { state: 'replayed'; newId: string }
  | { state: 'already'; newId: string }
  | { state: 'missing' }
  | { state: 'other-origin'; origin: string }
  | { state: 'too-many-fields'; pairs: number };

export function readReplayReply(reply: unknown): ReplayReply {
  const parts = Array.isArray(reply) ? reply.map(String) : [];
  switch (parts[0]) {
    case 'replayed':
      return { state: 'replayed', newId: parts[1] ?? '' };
    case 'already':
      return { state: 'already', newId: parts[1] ?? '' };
    case 'other-origin':
      return { state: 'other-origin', origin: parts[1] ?? '' };
    case 'too-many-fields':
      return { state: 'too-many-fields', pairs: Number(parts[1]) };
    default:
      return { state: 'missing' };
  }
}
