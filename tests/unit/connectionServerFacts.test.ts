import assert from 'node:assert/strict';
import { test } from 'node:test';
import { factsFromInfo, parseInfoFields } from '../../src/bus/connections/serverFacts';

/** Trimmed from a real `INFO` of redis-server 7.0.15; lines end in CRLF as on the wire. */
const STANDALONE_INFO = [
  '# Server',
  'redis_version:7.0.15',
  'redis_mode:standalone',
  'os:Linux 6.1.0 x86_64',
  'tcp_port:6390',
  'uptime_in_seconds:3725',
  'executable:/usr/bin/redis-server',
  '',
  '# Clients',
  'connected_clients:4',
  '',
  '# Memory',
  'used_memory:1183512',
  'used_memory_human:1.13M',
  '',
  '# Replication',
  'role:master',
  'connected_slaves:0',
  '',
  '# Keyspace',
  'db0:keys=12,expires=0,avg_ttl=0',
  '',
].join('\r\n');

const SENTINEL_INFO = ['# Server', 'redis_version:7.2.4', 'redis_mode:sentinel', 'uptime_in_seconds:12', '# Clients', 'connected_clients:2', '# Sentinel', 'sentinel_masters:1', ''].join('\r\n');

test('standalone INFO becomes the panel facts', () => {
  assert.deepStrictEqual(factsFromInfo(STANDALONE_INFO, 0.42, 1_700_000_000_000), {
    version: '7.0.15',
    mode: 'standalone',
    role: 'master',
    usedMemoryBytes: 1_183_512,
    connectedClients: 4,
    roundTripMs: 0.42,
    uptimeSeconds: 3725,
    readAt: 1_700_000_000_000,
  });
});

test('a sentinel has no replication section, so its role is sentinel and memory unknown (0)', () => {
  assert.deepStrictEqual(factsFromInfo(SENTINEL_INFO, 1, 5), {
    version: '7.2.4',
    mode: 'sentinel',
    role: 'sentinel',
    usedMemoryBytes: 0,
    connectedClients: 2,
    roundTripMs: 1,
    uptimeSeconds: 12,
    readAt: 5,
  });
});

test('values keep their colons; headers, blanks and malformed lines are skipped', () => {
  const fields = parseInfoFields('# Server\r\nexecutable:/usr/bin/redis-server\r\nconfig_file:C:\\redis\\redis.conf\r\nnot a field\r\n:no name\r\n\r\n');
  assert.deepStrictEqual([...fields], [
    ['executable', '/usr/bin/redis-server'],
    ['config_file', 'C:\\redis\\redis.conf'],
  ]);
});

test('an empty or unexpected reply still yields facts rather than throwing', () => {
  assert.deepStrictEqual(factsFromInfo('', 2, 3), {
    version: 'unknown',
    mode: 'standalone',
    role: 'unknown',
    usedMemoryBytes: 0,
    connectedClients: 0,
    roundTripMs: 2,
    uptimeSeconds: 0,
    readAt: 3,
  });
});
