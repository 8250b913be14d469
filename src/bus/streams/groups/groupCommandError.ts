/**
 * What went wrong with a stream command, in words for the operator and per
 * action: a NOPERM names the command, the key and what to ask the lab admin
 * for; NOGROUP, BUSYGROUP and WRONGTYPE say which group or key; a lost reply
 * says the command may or may not have run. Pure.
 */
import { fail, type Result } from '../../../shared/result';

export interface CommandContext {
  /** The Redis command as the ACL names it: "XACK", "XGROUP DESTROY". */
  command: string;
  key: string;
  group?: string;
  /** The ACL user; empty is `default`. */
  username: string;
}

const ACL_RULE: Readonly<Record<string, string>> = {
  XACK: '+xack',
  XCLAIM: '+xclaim',
  XAUTOCLAIM: '+xautoclaim',
  'XGROUP CREATE': '+xgroup|create',
  'XGROUP SETID': '+xgroup|setid',
  'XGROUP DELCONSUMER': '+xgroup|delconsumer',
  'XGROUP DESTROY': '+xgroup|destroy',
  XTRIM: '+xtrim',
  XINFO: '+xinfo',
  XPENDING: '+xpending',
  XRANGE: '+xrange',
};

export function describeCommandError<T = never>(error: unknown, context: CommandContext): Result<T> {
  const text = error instanceof Error ? error.message : String(error);
  const user = context.username === '' ? 'default' : context.username;
  const group = context.group === undefined ? '' : ` for group "${context.group}"`;
  if (text.startsWith('NOPERM')) {
    const rule = ACL_RULE[context.command] ?? `+${context.command.toLowerCase().replace(' ', '|')}`;
    return fail(
      'NOPERM',
      `This Redis user ("${user}") may not run ${context.command} on ${context.key}${group}. Ask the lab admin to grant ${rule} and access to the key (~${context.key}). Nothing was changed.`,
      { detail: text },
    );
  }
  if (text.startsWith('NOGROUP')) {
    return fail('NOT_FOUND', `Stream ${context.key} has no consumer group "${context.group ?? ''}" (or the stream does not exist). Refresh the groups list.`, { detail: text });
  }
  if (text.startsWith('BUSYGROUP')) {
    return fail('INVALID', `Stream ${context.key} already has a consumer group named "${context.group ?? ''}". Pick another name.`, { detail: text, field: 'group' });
  }
  if (text.startsWith('WRONGTYPE')) return fail('INVALID', `${context.key} is not a stream, so it has no consumer groups.`, { detail: text, field: 'key' });
  if (/Invalid stream ID|ERR.*ID/i.test(text) && !text.includes('equal or smaller')) {
    return fail('INVALID', `Redis did not accept an entry id in this request (${text}). Ids look like 1712345678901-0.`, { detail: text });
  }
  if (/timeout|Connection is closed|ECONNRESET|EPIPE|no answer/i.test(text)) {
    return fail('CONNECTION_LOST', `The connection broke during ${context.command} on ${context.key}: it may or may not have run. Refresh to see the current state before trying again.`, {
      detail: text,
    });
  }
  return fail('REDIS_ERROR', `Redis refused ${context.command} on ${context.key}${group}: ${text}`, { detail: text });
}
