import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesRedisGlob } from '../../src/bus/sources/redisPubsub/redisGlob';

const matches = (pattern: string, channel: string): boolean => matchesRedisGlob(Buffer.from(pattern), Buffer.from(channel));

test("Redis' glob: *, ?, sets, ranges, negation and escapes, as PSUBSCRIBE reads them", () => {
  const cases: [string, string, boolean][] = [
    ['*', 'anything:at:all', true],
    ['*', '', true],
    ['user:*:raw', 'user:alex:raw', true],
    ['user:*:raw', 'user:alex:raw2', false],
    ['user:*:raw', 'user::raw', true],
    ['lab?', 'lab1', true],
    ['lab?', 'lab', false],
    ['lab[12]', 'lab2', true],
    ['lab[12]', 'lab3', false],
    ['lab[^12]', 'lab3', true],
    ['lab[^12]', 'lab1', false],
    ['lab[a-c]', 'labb', true],
    ['lab[c-a]', 'labb', true],
    ['lab[a-c]', 'labd', false],
    ['lab\\*', 'lab*', true],
    ['lab\\*', 'labx', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
  ];
  assert.deepStrictEqual(
    cases.map(([pattern, channel]) => [pattern, channel, matches(pattern, channel)]),
    cases,
  );
});
