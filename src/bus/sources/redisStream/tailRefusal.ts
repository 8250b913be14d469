/**
 * Plain sentences for a stream the server will not let Labwire tail: the
 * key holds something else (WRONGTYPE), or the user may not read it
 * (NOPERM).
 */
import { displayTextOfString } from '../../../shared/displayText';
import type { BusError } from '../../../shared/result';

/** Long keys are cut in messages; the lane itself shows the key. */
const MAX_KEY_CHARS_IN_MESSAGE = 120;

export function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError';
}

export function keyForMessage(key: string): string {
  const display = displayTextOfString(key, MAX_KEY_CHARS_IN_MESSAGE);
  return display.isTruncated ? `${display.text}…` : display.text;
}

export function describeTailRefusal(error: Error, key: string, user: string): BusError {
  const detail = error.message;
  const where = keyForMessage(key);
  if (detail.startsWith('WRONGTYPE')) {
    return { code: 'INVALID', message: `${where} is not a stream (it holds another kind of value), so Labwire cannot tail it. Check the key's name.`, detail };
  }
  if (detail.startsWith('NOPERM')) {
    const command = /'([^']+)' command/.exec(detail)?.[1];
    const what = command ? `run ${command.toUpperCase()}` : `read the key ${where}`;
    return {
      code: 'NOPERM',
      message: `User ${user} may not ${what} on this server, so Labwire cannot tail the stream ${where} (NOPERM). Ask the lab admin to grant +xread and +xinfo on this key.`,
      detail,
    };
  }
  return { code: 'REDIS_ERROR', message: `The server refused to let Labwire tail the stream ${where}: ${detail}`, detail };
}
