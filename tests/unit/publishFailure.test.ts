import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ReplyError } from 'ioredis';
import { DeadlineError } from '../../src/bus/connections/describeRedisError';
import { NotSentError, ReplyLostError } from '../../src/bus/publish/clusterPublish';
import { classifyPublishFailure } from '../../src/bus/publish/publishFailure';

const CONTEXT = { channel: 'user:alex:commands', username: 'jamie', commandTimeoutMs: 5_000 };

describe('what a failed PUBLISH means', () => {
  test('server refusals, lost replies and unsent commands are told apart', () => {
    const cases: unknown[] = [
      new ReplyError("NOPERM User jamie has no permissions to access the 'user:alex:commands' channel"),
      new ReplyError('NOPERM this user has no permissions to access one of the channels used as arguments'),
      new ReplyError("NOPERM User jamie has no permissions to run the 'publish' command"),
      new ReplyError('ERR something else'),
      new Error('Command timed out'),
      new DeadlineError('command', 1_500),
      new Error('Connection is closed.'),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ];
    const lostAfter = (why: string): string => `Sent, but the server's answer was lost (${why}). It may or may not have arrived.`;
    assert.deepStrictEqual(
      cases.map((error) => classifyPublishFailure(error, CONTEXT)),
      [
        { kind: 'refused', reason: 'User jamie may not publish to user:alex:commands on this server, so nothing was published.' },
        { kind: 'refused', reason: 'User jamie may not publish to user:alex:commands on this server, so nothing was published.' },
        { kind: 'refused', reason: 'User jamie may not run the PUBLISH command on this server, so nothing was published.' },
        { kind: 'refused', reason: 'The server refused to publish to user:alex:commands: ERR something else' },
        { kind: 'lost', reason: lostAfter('no answer within 5 s') },
        { kind: 'lost', reason: lostAfter('no answer within 5 s') },
        { kind: 'lost', reason: lostAfter('the connection dropped') },
        { kind: 'lost', reason: lostAfter('the connection dropped') },
        { kind: 'notSent', reason: 'The connection was not ready, so nothing was sent. Try again when it is connected.' },
      ],
    );
  });

  test('the default user, a fractional timeout and a channel with a newline read plainly', () => {
    const context = { channel: 'lab\ncommands', username: '', commandTimeoutMs: 250 };
    assert.deepStrictEqual(
      [classifyPublishFailure(new ReplyError("NOPERM User default has no permissions to access the 'x' channel"), context), classifyPublishFailure(new Error('Command timed out'), context)],
      [
        { kind: 'refused', reason: 'User default may not publish to lab�commands on this server, so nothing was published.' },
        { kind: 'lost', reason: "Sent, but the server's answer was lost (no answer within 0.3 s). It may or may not have arrived." },
      ],
    );
  });
});

describe('what a failed publish through a Cluster means', () => {
  test('redirections only: failed; no try written: not sent; written without a reply: unknown', () => {
    const cases: unknown[] = [
      new Error('Too many Cluster redirections. Last error: ReplyError: CLUSTERDOWN The cluster is down'),
      new NotSentError('Cluster is ended.'),
      new ReplyLostError('Connection is closed.'),
      new ReplyLostError('Command timed out'),
    ];
    assert.deepStrictEqual(
      cases.map((error) => classifyPublishFailure(error, CONTEXT)),
      [
        {
          kind: 'refused',
          reason:
            'The cluster had no master ready for user:alex:commands (its slot was moving or its master failing over) for as long as Labwire waits, so nothing was published. Try again when the cluster is back.',
        },
        { kind: 'notSent', reason: 'The connection was not ready, so nothing was sent. Try again when it is connected.' },
        { kind: 'lost', reason: "Sent, but the server's answer was lost (the connection dropped). It may or may not have arrived." },
        { kind: 'lost', reason: "Sent, but the server's answer was lost (no answer within 5 s). It may or may not have arrived." },
      ],
    );
  });
});
