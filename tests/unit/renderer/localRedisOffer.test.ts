import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionState } from '../../../src/shared/connectionState';
import { defaultProfileFields, type Profile } from '../../../src/shared/profile';
import type { LocalRedisStatus } from '../../../src/shared/simulator';
import { shouldOfferLocalRedis } from '../../../src/renderer/src/features/localRedis/shouldOfferLocalRedis';

const LOCAL: Profile = { ...defaultProfileFields(), id: 'local', hasPassword: false, isManagedLocal: false, createdAt: 0, updatedAt: 0 };
const REFUSED: ConnectionState = {
  state: 'reconnecting',
  since: 0,
  attempt: 2,
  lastError: { code: 'REFUSED', message: 'Nothing answers at 127.0.0.1:6379.' },
  nextRetryAt: 1,
};
const STOPPED: LocalRedisStatus = { state: 'stopped' };

test('a managed Redis is offered only for a refused default local profile when Labwire can start one', () => {
  assert.deepStrictEqual(
    [
      shouldOfferLocalRedis(LOCAL, REFUSED, STOPPED),
      shouldOfferLocalRedis(LOCAL, { state: 'failed', since: 0, reason: { code: 'REFUSED', message: 'x' } }, STOPPED),
      shouldOfferLocalRedis(LOCAL, { state: 'failed', since: 0, reason: { code: 'WRONGPASS', message: 'x' } }, STOPPED),
      shouldOfferLocalRedis({ ...LOCAL, port: 6380 }, REFUSED, STOPPED),
      shouldOfferLocalRedis({ ...LOCAL, host: 'redis.lab' }, REFUSED, STOPPED),
      shouldOfferLocalRedis({ ...LOCAL, isManagedLocal: true }, REFUSED, STOPPED),
      shouldOfferLocalRedis(LOCAL, REFUSED, { state: 'unavailable', reason: 'redis-server is not installed.' }),
      shouldOfferLocalRedis(LOCAL, { state: 'ready', since: 0 }, STOPPED),
    ],
    [true, true, false, false, false, false, false, false],
  );
});
