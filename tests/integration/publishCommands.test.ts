/**
 * Publishing commands against real redis-server processes: the bytes a raw
 * subscriber receives, receivers, the bus's refusals, one PUBLISH per attempt
 * (double clicks, a hung server, a dropped connection), the audit log and the
 * history across restarts, and an ACL user refused a channel.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pack, unpack } from 'msgpackr';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import type { ConnectionTiming } from '../../src/bus/connections/connectionTiming';
import type { RedisEndpoint } from '../../src/bus/connections/redisEndpoint';
import { CommandPublisher, type PublishedRecord } from '../../src/bus/publish/commandPublisher';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { publishOutcomeSummary, type PublishRequest } from '../../src/shared/publishing';
import type { Result } from '../../src/shared/result';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';

const COMMANDS = 'user:alex:commands';
/** Published last by a raw client: once it arrives, everything published before it has. */
const MARKER_CHANNEL = 'test:marker';
const QUICK_RETRY: Partial<ConnectionTiming> = { retryBaseMs: 100, retryMaxMs: 800, connectTimeoutMs: 2_000 };

const cleanups = suiteCleanups();

function profile(overrides: Partial<Profile> = {}): Profile {
  return { ...defaultProfileFields(), id: 'lab', name: 'Lab 2', hasPassword: false, isManagedLocal: false, createdAt: 0, updatedAt: 0, ...overrides };
}

async function startServer(): Promise<TestRedisServer> {
  const server = await startRedisServer();
  cleanups.push(() => server.stop());
  return server;
}

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'labwire-publish-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

interface Bench {
  registry: ConnectionRegistry;
  publisher: CommandPublisher;
  dataDir: string;
  profiles: Map<string, Profile>;
}

/** A registry with `lab` open and ready, and a publisher over it. */
async function openBench(server: TestRedisServer, options: { timing?: Partial<ConnectionTiming>; endpoint?: Partial<RedisEndpoint>; profiles?: Profile[] } = {}): Promise<Bench> {
  const recorder = new ConnectionStateRecorder();
  const registry = new ConnectionRegistry({ ...recorder.listeners, timing: { ...QUICK_RETRY, ...options.timing } });
  cleanups.push(() => registry.dispose());
  registry.open('lab', { host: '127.0.0.1', port: server.port, db: 0, ...options.endpoint });
  await recorder.waitForState('lab', (state) => state.state === 'ready', 5_000);
  const dataDir = await temporaryFolder();
  const profiles = new Map((options.profiles ?? [profile()]).map((item) => [item.id, item]));
  const publisher = new CommandPublisher({ connections: registry, dataDir, profileOf: (id) => profiles.get(id), ownReceiversOf: () => 0 });
  cleanups.push(() => publisher.dispose());
  return { registry, publisher, dataDir, profiles };
}

/** A raw ioredis subscriber that counts what arrives, byte for byte. */
class Listener {
  readonly received: { channel: string; payload: Buffer }[] = [];
  private constructor(readonly client: Redis) {}

  static async on(server: TestRedisServer, channels: string[]): Promise<Listener> {
    const client = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => undefined);
    cleanups.push(() => void client.disconnect());
    const listener = new Listener(client);
    client.on('messageBuffer', (channel: Buffer, payload: Buffer) => listener.received.push({ channel: channel.toString(), payload }));
    await client.connect();
    await client.subscribe(...channels, MARKER_CHANNEL);
    return listener;
  }

  payloadsOn(channel: string): Buffer[] {
    return this.received.filter((message) => message.channel === channel).map((message) => message.payload);
  }

  async waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`listener: condition not met within ${timeoutMs} ms; received ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits for a marker published after everything else: what was to arrive before it has arrived. */
  async settle(server: TestRedisServer): Promise<void> {
    const marker = `marker-${Math.random()}`;
    const publisher = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => null });
    publisher.on('error', () => undefined);
    try {
      await publisher.publish(MARKER_CHANNEL, marker);
    } finally {
      publisher.disconnect();
    }
    await this.waitFor(() => this.received.some((message) => message.channel === MARKER_CHANNEL && message.payload.toString() === marker));
  }
}

let attemptCounter = 0;
function request(overrides: Partial<PublishRequest> = {}): PublishRequest {
  attemptCounter += 1;
  return { profileId: 'lab', channel: COMMANDS, payload: '{"command":"start"}', encoding: 'json', attemptId: `attempt-${attemptCounter}`, isConfirmed: false, ...overrides };
}

function valueOf(result: Result<PublishedRecord>): PublishedRecord {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

/** The parts of a record that do not change from run to run. */
function outcomeOf(result: Result<PublishedRecord>): unknown {
  if (!result.ok) return { code: result.error.code, message: result.error.message };
  const { at: _at, ...rest } = result.value;
  return rest;
}

async function auditLines(dataDir: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dataDir, 'audit', 'publish.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('publishing to a reachable server', () => {
  let server: TestRedisServer;
  before(async () => {
    server = await startServer();
  });

  test('a raw subscriber receives the exact bytes for json and text, and the same value for msgpack', async () => {
    const listener = await Listener.on(server, [COMMANDS]);
    const { publisher } = await openBench(server);
    const typedJson = '{ "command" : "start",\n  "gain": 1.50, "note": "✓ 🧪" }';
    const typedText = 'plain words\twith a tab ✓';
    const results = [
      await publisher.publish(request({ payload: typedJson, encoding: 'json' })),
      await publisher.publish(request({ payload: typedText, encoding: 'text' })),
      await publisher.publish(request({ payload: typedJson, encoding: 'msgpack' })),
    ];
    await listener.waitFor(() => listener.payloadsOn(COMMANDS).length >= 3);
    const [json, text, msgpack] = listener.payloadsOn(COMMANDS);
    assert.deepStrictEqual(
      [results.map((result) => valueOf(result).outcome), json, text, unpack(msgpack!)],
      [['delivered', 'delivered', 'delivered'], Buffer.from(typedJson, 'utf8'), Buffer.from(typedText, 'utf8'), { command: 'start', gain: 1.5, note: '✓ 🧪' }],
    );
  });

  test('receivers: 1 with a listener, 0 when nobody listens', async () => {
    await Listener.on(server, ['lab:one-listener']);
    const { publisher } = await openBench(server);
    const heard = valueOf(await publisher.publish(request({ channel: 'lab:one-listener' })));
    const unheard = valueOf(await publisher.publish(request({ channel: 'lab:nobody' })));
    assert.deepStrictEqual([heard.outcome === 'delivered' && heard.receivers, unheard.outcome === 'delivered' && unheard.receivers], [1, 0]);
  });

  test("Labwire's own channel and pattern subscriptions are counted apart from the other listeners", async () => {
    const listener = await Listener.on(server, ['lab:watched']);
    const { registry, dataDir, profiles } = await openBench(server);
    const hub = new SubscriptionHub(registry);
    cleanups.push(() => hub.dispose());
    const own = [
      hub.subscribe('lab', { kind: 'channel', name: 'lab:watched' }, () => undefined),
      hub.subscribe('lab', { kind: 'pattern', pattern: '*' }, () => undefined),
      hub.subscribe('lab', { kind: 'pattern', pattern: 'lab:w?tched' }, () => undefined),
      hub.subscribe('lab', { kind: 'pattern', pattern: 'other:*' }, () => undefined),
    ];
    hub.handleConnectionState('lab', registry.stateOf('lab'));
    await Promise.all(own.map((subscription) => subscription.whenSettled()));
    const publisher = new CommandPublisher({ connections: registry, dataDir, profileOf: (id) => profiles.get(id), ownReceiversOf: (id, channel) => hub.ownReceiversOf(id, channel) });
    cleanups.push(() => publisher.dispose());
    const watched = valueOf(await publisher.publish(request({ channel: 'lab:watched' })));
    const onlyLabwire = valueOf(await publisher.publish(request({ channel: 'lab:quiet' })));
    await listener.settle(server);
    // The server is shared by this suite: the `*` pattern must not count in the tests after this one.
    await Promise.all(own.map((subscription) => subscription.unsubscribe()));
    const countsOf = (record: PublishedRecord): unknown => (record.outcome === 'delivered' ? [record.receivers, record.ownReceivers] : record.outcome);
    assert.deepStrictEqual([countsOf(watched), countsOf(onlyLabwire)], [
      [4, 3],
      [1, 1],
    ]);
  });

  test('the bus refuses read-only, unconfirmed production, invalid, unconnected and off-Cluster SPUBLISH publishes; none is sent or audited', async () => {
    const listener = await Listener.on(server, [COMMANDS]);
    const profiles = [
      profile({ id: 'readonly', name: 'Archive', isReadOnly: true }),
      profile({ id: 'lab', name: 'Lab 2', isProduction: true }),
      profile({ id: 'closed', name: 'Lab 3' }),
    ];
    const { publisher, dataDir } = await openBench(server, { profiles });
    const refusals = [
      await publisher.publish(request({ profileId: 'readonly' })),
      await publisher.publish(request({ profileId: 'lab' })),
      await publisher.publish(request({ profileId: 'lab', isConfirmed: true, payload: '{"command": start}' })),
      await publisher.publish(request({ profileId: 'closed' })),
      await publisher.publish(request({ profileId: 'gone' })),
      await publisher.publish(request({ profileId: 'lab', isConfirmed: true, command: 'spublish' })),
    ];
    await listener.settle(server);
    assert.deepStrictEqual([refusals.map(outcomeOf), listener.payloadsOn(COMMANDS).length, await auditLines(dataDir)], [
      [
        { code: 'READ_ONLY', message: '"Archive" is read-only, so Labwire will not publish to it. Turn off "read-only" in the profile to publish.' },
        { code: 'NEEDS_CONFIRMATION', message: '"Lab 2" is a production server. Confirm to publish to user:alex:commands.' },
        {
          code: 'INVALID',
          message:
            'The payload is not valid JSON: expected a value (a number, text in double quotes, true, false, null, { or [) at line 1, column 13 (near `start}`).',
        },
        { code: 'NOT_CONNECTED', message: 'Labwire is not connected to "Lab 3", so nothing was published. Connect first.' },
        { code: 'NOT_FOUND', message: 'That connection profile no longer exists.' },
        {
          code: 'INVALID',
          message: `Sharded publish (SPUBLISH) reaches subscribers of the channel's shard only, and "Lab 2" is not a Cluster profile, so nothing was published. Use PUBLISH.`,
        },
      ],
      0,
      [],
    ]);
  });

  test('a confirmed publish to production goes out once; the confirmation may reuse the refused attempt', async () => {
    const listener = await Listener.on(server, [COMMANDS]);
    const { publisher } = await openBench(server, { profiles: [profile({ isProduction: true })] });
    const first = request();
    const refused = await publisher.publish(first);
    const confirmed = await publisher.publish({ ...first, isConfirmed: true });
    await listener.settle(server);
    assert.deepStrictEqual([refused.ok ? null : refused.error.code, valueOf(confirmed).outcome, listener.payloadsOn(COMMANDS).length], ['NEEDS_CONFIRMATION', 'delivered', 1]);
  });

  test('the same attempt twice (at once, and again later) publishes one message and answers the same record', async () => {
    const listener = await Listener.on(server, [COMMANDS]);
    const { publisher } = await openBench(server);
    const attempt = request({ payload: '{"command":"stop"}' });
    const [first, second] = await Promise.all([publisher.publish(attempt), publisher.publish(attempt)]);
    const third = await publisher.publish(attempt);
    const changed = await publisher.publish({ ...attempt, payload: '{"command":"other"}' });
    await listener.settle(server);
    assert.deepStrictEqual(
      [outcomeOf(second), outcomeOf(third), outcomeOf(changed), listener.payloadsOn(COMMANDS).length, publisher.history('lab').length],
      [
        outcomeOf(first),
        outcomeOf(first),
        {
          code: 'INVALID',
          message: 'This publish reuses the id of an earlier, different publish, so it was not sent. Publish it again as a new attempt.',
        },
        1,
        1,
      ],
    );
  });

  test('audit lines parse and match the records; history survives a new publisher on the same data folder', async () => {
    const listener = await Listener.on(server, [COMMANDS]);
    const { publisher, dataDir, registry, profiles } = await openBench(server);
    const records = [
      valueOf(await publisher.publish(request({ payload: '{"n":1}' }))),
      valueOf(await publisher.publish(request({ payload: 'x'.repeat(5_000), encoding: 'text', channel: 'lab:nobody' }))),
      valueOf(await publisher.publish(request({ payload: '[1,2,3]', encoding: 'msgpack' }))),
    ];
    await publisher.dispose();
    const lines = await auditLines(dataDir);
    const sentHashes = [Buffer.from('{"n":1}'), Buffer.from('x'.repeat(5_000)), pack([1, 2, 3])].map((bytes) => createHash('sha256').update(bytes).digest('hex'));
    const expectedLines = records.map((record) => ({
      time: new Date(record.at).toISOString(),
      attemptId: record.attemptId,
      profileId: 'lab',
      profileName: 'Lab 2',
      channel: record.channel,
      encoding: record.encoding,
      command: 'publish',
      sizeBytes: record.sizeBytes,
      outcome: 'delivered',
      summary: publishOutcomeSummary(record),
      receivers: record.outcome === 'delivered' ? record.receivers : null,
      ownReceivers: 0,
      reason: null,
      sentSha256: sentHashes[records.indexOf(record)],
      isPayloadTruncated: record.isPayloadTruncated,
      payload: record.payload,
    }));

    const reopened = new CommandPublisher({ connections: registry, dataDir, profileOf: (id) => profiles.get(id), ownReceiversOf: () => 0 });
    cleanups.push(() => reopened.dispose());
    const repeated = await reopened.publish(request({ attemptId: records[0]!.attemptId, payload: '{"n":1}' }));
    await listener.settle(server);
    assert.deepStrictEqual(
      [
        lines,
        records.map((record) => [record.sizeBytes, record.isPayloadTruncated, record.payload.length]),
        reopened.history('lab'),
        reopened.auditLoad,
        outcomeOf(repeated),
        listener.payloadsOn(COMMANDS).length,
      ],
      [expectedLines, [[7, false, 7], [5_000, true, 4_096], [4, false, 7]], [...records].reverse(), { entries: 3, skippedLines: 0 }, outcomeOf(ok(records[0]!)), 2],
    );
  });

  test('an audit log that cannot be written does not stop the publish; the record says why', async () => {
    const listener = await Listener.on(server, [COMMANDS]);
    const { registry, profiles } = await openBench(server);
    const blocked = join(await temporaryFolder(), 'a-file');
    await writeFile(blocked, 'not a folder');
    const publisher = new CommandPublisher({ connections: registry, dataDir: blocked, profileOf: (id) => profiles.get(id), ownReceiversOf: () => 0 });
    cleanups.push(() => publisher.dispose());
    const record = valueOf(await publisher.publish(request()));
    await listener.settle(server);
    assert.deepStrictEqual(
      [record.outcome, record.auditError, listener.payloadsOn(COMMANDS).length, publisher.auditLoad.entries],
      ['delivered', `The publish audit log ${join(blocked, 'audit', 'publish.jsonl')} could not be written (a file is in the way of the audit folder).`, 1, 0],
    );
  });
});

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

describe('a lost reply is never sent twice', () => {
  test('a hung server (SIGSTOP): outcome unknown; after SIGCONT the message arrived once and the retry of that attempt sent nothing', async () => {
    const server = await startServer();
    const listener = await Listener.on(server, [COMMANDS]);
    const { publisher, dataDir } = await openBench(server, { timing: { commandTimeoutMs: 300 } });
    const attempt = request({ payload: '{"command":"feed"}' });
    server.pause();
    let lost: Result<PublishedRecord>;
    try {
      lost = await publisher.publish(attempt);
    } finally {
      server.resume();
    }
    const again = await publisher.publish(attempt);
    await listener.settle(server);
    const reason = "Sent, but the server's answer was lost (no answer within 0.3 s). It may or may not have arrived.";
    const lines = await auditLines(dataDir);
    assert.deepStrictEqual(
      [outcomeOf(lost), outcomeOf(again), listener.payloadsOn(COMMANDS).length, lines.map((line) => [line.outcome, line.reason])],
      [
        { ...(outcomeOf(lost) as object), outcome: 'unknown', reason },
        outcomeOf(lost),
        1,
        [['unknown', reason]],
      ],
    );
  });

  test('the connection dropped mid-command (server killed while hung): outcome unknown, audited', async () => {
    const server = await startServer();
    const { publisher, dataDir } = await openBench(server, { timing: { commandTimeoutMs: 10_000 } });
    server.pause();
    const pending = publisher.publish(request());
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.kill();
    const result = valueOf(await pending);
    const reason = "Sent, but the server's answer was lost (the connection dropped). It may or may not have arrived.";
    assert.deepStrictEqual([result.outcome === 'unknown' && result.reason, (await auditLines(dataDir)).map((line) => line.outcome)], [reason, ['unknown']]);
  });
});

describe('an ACL user', () => {
  test('publishing to a channel the user may not use is a failed record with a clear reason, and audited', async () => {
    const server = await startServer();
    const admin = new Redis({ host: '127.0.0.1', port: server.port, retryStrategy: () => null });
    admin.on('error', () => undefined);
    cleanups.push(() => void admin.disconnect());
    await admin.call('ACL', 'SETUSER', 'jamie', 'on', '>pw-jamie', '~*', 'resetchannels', '&user:jamie:*', '+@all');
    const { publisher, dataDir } = await openBench(server, {
      endpoint: { username: 'jamie', password: 'pw-jamie' },
      profiles: [profile({ username: 'jamie', hasPassword: true })],
    });
    const refused = valueOf(await publisher.publish(request()));
    const allowed = valueOf(await publisher.publish(request({ channel: 'user:jamie:commands' })));
    const reason = 'User jamie may not publish to user:alex:commands on this server, so nothing was published.';
    assert.deepStrictEqual(
      [refused.outcome === 'failed' && refused.reason, allowed.outcome, (await auditLines(dataDir)).map((line) => [line.outcome, line.reason])],
      [reason, 'delivered', [['failed', reason], ['delivered', null]]],
    );
  });
});
