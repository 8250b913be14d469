/** What a failed stream read tells the user, from hand-made errors shaped like ioredis's. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamCommandFailure } from '../../src/bus/streams/browse/streamCommandError';

function replyError(message: string): Error {
  const error = new Error(message);
  error.name = 'ReplyError';
  return error;
}

test('NOPERM on a command names the command Redis refused and what to grant', () => {
  const result = streamCommandFailure(replyError("NOPERM User viewer has no permissions to run the 'xinfo|stream' command"), { command: 'XINFO', key: 'lab:tasks', username: 'viewer' });
  assert.ok(!result.ok);
  assert.equal(result.error.code, 'NOPERM');
  assert.equal(result.error.message, 'This Redis user (viewer) may not run XINFO STREAM on "lab:tasks": ask the lab admin to grant +xinfo|stream to viewer.');
});

test('NOPERM on a key asks for access to the key', () => {
  const result = streamCommandFailure(replyError('NOPERM No permissions to access a key'), { command: 'XRANGE', key: 'secret:stream', username: '' });
  assert.ok(!result.ok && /user \(default\) may not read the key "secret:stream"/.test(result.error.message));
});

test('WRONGTYPE, timeouts and dropped connections in plain words', () => {
  const wrong = streamCommandFailure(replyError('WRONGTYPE Operation against a key holding the wrong kind of value'), { command: 'XRANGE', key: 'h', username: '' });
  assert.ok(!wrong.ok && wrong.error.code === 'INVALID' && /is not a stream/.test(wrong.error.message));
  const timeout = streamCommandFailure(new Error('Command timed out'), { command: 'XRANGE', key: 'k', username: '' });
  assert.ok(!timeout.ok && timeout.error.code === 'TIMEOUT');
  const lost = streamCommandFailure(new Error('Connection is closed.'), { command: 'XRANGE', key: 'k', username: '' });
  assert.ok(!lost.ok && lost.error.code === 'CONNECTION_LOST');
});

test('control characters in a key are shown, not obeyed', () => {
  const result = streamCommandFailure(replyError('WRONGTYPE x'), { command: 'XRANGE', key: 'a\nb\u202E', username: '' });
  assert.ok(!result.ok && result.error.message.includes('"a\\nb\\u202E"'));
});
