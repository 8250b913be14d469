/**
 * A seeded random property test of dead letters against a real
 * redis-server: sequences of deliver, ack, crash (a consumer stops for good),
 * claim, move, concurrent move, replay, concurrent replay and repeated
 * replay never lose a message and never replay one twice. Each entry carries
 * a message id (`msg`); at the end every message is in exactly one live
 * place: one origin entry that was not moved out, or one dead letter.
 * Set DLQ_PROPERTY_SEED to rerun a failing seed; the seed is printed on failure.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { createSeededRandom, type RandomSource } from '../../src/bus/simulator/seededRandom';
import { ledgerKeyOf } from '../../src/bus/streams/deadLetters/deadLetterScripts';
import type { DeadLetterService } from '../../src/bus/streams/deadLetters/deadLetterService';
import { serviceOver } from '../support/deadLetterFixtures';
import { startRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';
import { valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
const GROUP = 'consumers:task_request';
const STEPS_PER_RUN = 300;
const RUNS = 4;

type PendingRow = [string, string, number, number];

function pick<T>(random: RandomSource, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

interface World {
  origin: string;
  dlq: string;
  admin: Redis;
  left: DeadLetterService;
  right: DeadLetterService;
  consumers: string[];
  crashed: Set<string>;
  movedOriginIds: Set<string>;
  nextMessage: number;
  log: string[];
}

async function step(world: World, random: RandomSource): Promise<void> {
  const { admin, origin, dlq } = world;
  const live = world.consumers.filter((consumer) => !world.crashed.has(consumer));
  const roll = random();
  const pending = async (): Promise<PendingRow[]> => (await admin.xpending(origin, GROUP, '-', '+', 1_000)) as PendingRow[];
  const deadLetterIds = async (): Promise<string[]> => ((await admin.xrange(dlq, '-', '+')) as Array<[string, string[]]>).map(([id]) => id);
  if (roll < 0.25) {
    const count = 1 + Math.floor(random() * 3);
    for (let index = 0; index < count; index++) await admin.xadd(origin, '*', 'msg', `m${world.nextMessage++}`, 'body', Buffer.from([0xff, index]));
    const consumer = pick(random, live);
    if (consumer) await admin.xreadgroup('GROUP', GROUP, consumer, 'COUNT', 1 + Math.floor(random() * 4), 'STREAMS', origin, '>');
    world.log.push(`deliver ${count} to ${consumer}`);
  } else if (roll < 0.35) {
    const row = pick(random, (await pending()).filter(([, consumer]) => !world.crashed.has(consumer)));
    if (row) await admin.xack(origin, GROUP, row[0]);
    world.log.push(`ack ${row?.[0]}`);
  } else if (roll < 0.4) {
    const consumer = pick(random, live);
    if (consumer && live.length > 1) world.crashed.add(consumer);
    world.consumers.push(`c${world.consumers.length}`);
    world.log.push(`crash ${consumer}`);
  } else if (roll < 0.5) {
    const consumer = pick(random, live);
    if (consumer) await admin.xautoclaim(origin, GROUP, consumer, 0, '0-0', 'COUNT', 1 + Math.floor(random() * 5));
    world.log.push(`claim to ${consumer}`);
  } else if (roll < 0.7) {
    const rows = await pending();
    const ids = [...new Set([pick(random, rows)?.[0], pick(random, rows)?.[0]].filter((id): id is string => id !== undefined))];
    if (ids.length === 0) return;
    const request = { profileId: 'lab', origin, group: GROUP, dlqKey: dlq, ids, reason: 'property', isConfirmed: true };
    const isConcurrent = random() < 0.5;
    const answers = await Promise.all(isConcurrent ? [world.left.move(request), world.right.move(request)] : [world.left.move(request)]);
    for (const outcome of answers.flatMap((answer) => valueOf(answer).outcomes)) {
      if (outcome.state === 'moved') {
        assert.ok(!world.movedOriginIds.has(outcome.id), `entry ${outcome.id} was moved twice`);
        world.movedOriginIds.add(outcome.id);
      }
      assert.notEqual(outcome.state, 'failed', JSON.stringify(outcome));
    }
    world.log.push(`move ${ids.join(',')}${isConcurrent ? ' concurrently' : ''}`);
  } else {
    const ids = await deadLetterIds();
    const chosen = [...new Set([pick(random, ids), pick(random, ids)].filter((id): id is string => id !== undefined))];
    // Sometimes an id replayed before: the ledger must answer it.
    const ledger = Object.keys(await admin.hgetall(ledgerKeyOf(dlq)));
    const again = pick(random, ledger);
    if (again && random() < 0.3) chosen.push(again);
    if (chosen.length === 0) return;
    const request = { profileId: 'lab', dlqKey: dlq, ids: chosen, isConfirmed: true };
    const isConcurrent = random() < 0.5;
    const answers = await Promise.all(isConcurrent ? [world.left.replay(request), world.right.replay(request)] : [world.left.replay(request)]);
    for (const outcome of answers.flatMap((answer) => valueOf(answer).outcomes)) assert.notEqual(outcome.state, 'failed', JSON.stringify(outcome));
    world.log.push(`replay ${chosen.join(',')}${isConcurrent ? ' concurrently' : ''}`);
  }
}

async function checkInvariants(world: World): Promise<void> {
  const { admin, origin, dlq } = world;
  const originEntries = (await admin.xrange(origin, '-', '+')) as Array<[string, string[]]>;
  const deadLetters = (await admin.xrange(dlq, '-', '+')) as Array<[string, string[]]>;
  const ledger = await admin.hgetall(ledgerKeyOf(dlq));
  const valueOfField = (fields: string[], name: string): string | undefined => {
    // Bookkeeping pairs come first in a dead letter; the original's `msg` is the last one of that name.
    const at = fields.lastIndexOf(name);
    return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  };
  const places = new Map<string, number>();
  for (const [id, fields] of originEntries) {
    if (world.movedOriginIds.has(id)) continue;
    const message = valueOfField(fields, 'msg') ?? 'none';
    places.set(message, (places.get(message) ?? 0) + 1);
  }
  for (const [, fields] of deadLetters) {
    const message = valueOfField(fields, 'msg') ?? 'none';
    places.set(message, (places.get(message) ?? 0) + 1);
  }
  const wrong = [...places.entries()].filter(([, count]) => count !== 1);
  assert.deepEqual(wrong, [], 'each message lives in exactly one place');
  assert.equal(places.size, world.nextMessage, 'no message lost');
  assert.equal(world.movedOriginIds.size, deadLetters.length + Object.keys(ledger).length, 'every move is a dead letter now or a replay in the ledger');
  const replayedFrom = originEntries.map(([, fields]) => valueOfField(fields, 'replayed_from')).filter((id): id is string => id !== undefined);
  assert.equal(new Set(replayedFrom).size, replayedFrom.length, 'no dead letter replayed twice');
  assert.deepEqual(replayedFrom.sort(), Object.keys(ledger).sort(), 'the ledger names each replay once');
}

test('random deliveries, crashes, claims, moves and replays never lose or double a message', async () => {
  const server = await startRedisServer();
  cleanups.push(() => server.stop());
  const connect = (): Redis => {
    const client = new Redis({ port: server.port, host: '127.0.0.1' });
    cleanups.push(() => client.disconnect());
    return client;
  };
  const admin = connect();
  const [left, right] = [serviceOver(connect()), serviceOver(connect())];
  const firstSeed = Number(process.env.DLQ_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
  for (let run = 0; run < RUNS; run++) {
    const seed = firstSeed + run;
    const world: World = {
      origin: `{prop${run}}:tasks`,
      dlq: `{prop${run}}:tasks:dlq`,
      admin,
      left,
      right,
      consumers: ['c0', 'c1', 'c2'],
      crashed: new Set(),
      movedOriginIds: new Set(),
      nextMessage: 0,
      log: [],
    };
    await admin.xgroup('CREATE', world.origin, GROUP, '$', 'MKSTREAM');
    const random = createSeededRandom(seed);
    try {
      for (let index = 0; index < STEPS_PER_RUN; index++) await step(world, random);
      await checkInvariants(world);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      assert.fail(`DLQ_PROPERTY_SEED=${seed} fails: ${message}\nlast steps: ${world.log.slice(-15).join('; ')}`);
    }
  }
});
