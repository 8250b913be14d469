/**
 * A Redis error from a move, replay or discard, in words a technician can
 * act on: NOPERM names the commands the lab admin must grant, on which key.
 */
import { REPLICA_REFUSAL } from '../masterGuard';

export type DeadLetterAction = 'move' | 'replay' | 'discard' | 'read';

const GRANTS: Readonly<Record<DeadLetterAction, string>> = {
  move: '+evalsha +eval +xpending +xrange +xadd +xack',
  replay: '+evalsha +eval +hget +xrange +xadd +hset +expire +xdel',
  discard: '+xdel',
  read: '+scan +xlen +xrange +xrevrange +exists +type +hmget',
};

const VERBS: Readonly<Record<DeadLetterAction, string>> = {
  move: 'move entries to dead letters',
  replay: 'replay dead letters',
  discard: 'discard dead letters',
  read: 'read dead letters',
};

export function isPermissionError(text: string): boolean {
  return /NOPERM|no permissions|can't run this command/i.test(text);
}

/** One sentence for `error` met while doing `action` on `key`. */
export function describeDeadLetterFailure(error: unknown, action: DeadLetterAction, key: string): string {
  const text = error instanceof Error ? error.message : String(error);
  if (isPermissionError(text)) {
    return `This Redis user may not ${VERBS[action]} on ${key}: ask the lab admin to grant ${GRANTS[action]} on that key (Redis said: ${firstLine(text)}).`;
  }
  if (/^READONLY/.test(text)) return REPLICA_REFUSAL;
  if (/WRONGTYPE/.test(text)) return `${key} or the stream it writes to is not a stream, so nothing was changed.`;
  if (/NOGROUP/.test(text)) return `${key} has no such consumer group (any more), so nothing was moved.`;
  if (/Connection is closed|ECONNRESET|EPIPE|Command timed out/i.test(text)) {
    return `The connection dropped before Redis answered: the change may or may not have happened. Try again: it is safe, a second try never does it twice.`;
  }
  return `Redis refused: ${firstLine(text)}`;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
