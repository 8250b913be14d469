/**
 * The agent board against a real redis-server, messages published with
 * ioredis and received through a real ConnectionRegistry, SubscriptionHub
 * and SourceRouter, as busCore wires them. The board's clock (which also
 * stamps what it receives) is the real one plus an offset the test moves,
 * so STALE needs no waiting.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pack } from 'msgpackr';
import { defaultAgentMapping } from '../../src/bus/agents/agentMapping';
import { AGENT_MAPPINGS_FILE_NAME } from '../../src/bus/agents/agentMappingStore';
import type { AgentSignal } from '../../src/bus/agents/agentSignals';
import { createAgentsFeature, type AgentsFeature } from '../../src/bus/agents/agentsFeature';
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';
import { SubscriptionHub } from '../../src/bus/sources/redisPubsub/subscriptionHub';
import { StreamTail } from '../../src/bus/sources/redisStream/streamTail';
import { SourceRouter } from '../../src/bus/sources/sourceRouter';
import type { AgentBoardSnapshot, AgentMapping, AgentRow } from '../../src/shared/features/agentsContract';
import { ConnectionStateRecorder } from '../support/connectionStateRecorder';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { suiteCleanups } from '../support/unhandledRejections';
import { valueOf } from '../support/waitUntil';

const cleanups = suiteCleanups();
let server: TestRedisServer;
let publisher: Redis;
let registry: ConnectionRegistry;
let hub: SubscriptionHub;
let dataDir: string;
const recorder = new ConnectionStateRecorder();

before(async () => {
  server = await startRedisServer();
  cleanups.push(() => server.stop());
  publisher = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true, retryStrategy: () => null });
  publisher.on('error', () => undefined);
  await publisher.connect();
  cleanups.push(() => void publisher.disconnect());
  dataDir = await mkdtemp(join(tmpdir(), 'labwire-agents-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const hubRef: { hub?: SubscriptionHub } = {};
  registry = new ConnectionRegistry({
    onDidChangeState: (id, state) => {
      hubRef.hub?.handleConnectionState(id, state);
      recorder.listeners.onDidChangeState(id, state);
    },
    onDidReadFacts: recorder.listeners.onDidReadFacts,
  });
  hub = new SubscriptionHub(registry);
  hubRef.hub = hub;
  cleanups.push(async () => {
    hub.dispose();
    await registry.dispose();
  });
  for (const profileId of ['p-seed', 'p-bad', 'p-stale', 'p-flood', 'p-mapping', 'p-remap', 'p-tasks', 'p-reconnect']) {
    registry.open(profileId, { host: '127.0.0.1', port: server.port, db: 0 });
    await recorder.waitForState(profileId, (state) => state.state === 'ready', 5_000);
  }
});

after(async () => undefined);

interface OpenBoard {
  feature: AgentsFeature;
  profileId: string;
  signals: AgentSignal[];
  /** Moves the board's clock forward. */
  advance(ms: number): void;
  board(nameFilter?: string, pinnedIds?: string[]): Promise<AgentBoardSnapshot>;
}

let previousFeature: AgentsFeature | undefined;

/** A feature on one profile whose board listens before the test publishes. Each profile has its own channels' traffic in its test. */
async function openBoard(profileId: string): Promise<OpenBoard> {
  let offsetMs = 0;
  const feature = createAgentsFeature(
    { host: { dataDir }, profiles: { get: (id: string) => (id.startsWith('p-') ? { id } : undefined) }, sources: new SourceRouter({ redisPubsub: hub, redisStream: new StreamTail(registry) }) },
    { now: () => Date.now() + offsetMs, sweepIntervalMs: 0 },
  );
  // Each test ends the previous test's board, so its traffic on the shared channels reaches only its own.
  await previousFeature?.dispose?.();
  previousFeature = feature;
  cleanups.push(() => feature.dispose?.());
  const signals: AgentSignal[] = [];
  feature.signals.onDidChangeAgentState((signal) => signals.push(signal));
  const board = async (nameFilter = '', pinnedIds: string[] = []): Promise<AgentBoardSnapshot> =>
    valueOf(await feature.handlers['agents:board']({ profileId, nameFilter, pinnedIds }, 'test'));
  const open: OpenBoard = { feature, profileId, signals, advance: (ms) => (offsetMs += ms), board };
  await boardWhen(open, 'the board listening on every channel', (snapshot) => snapshot.listening.every((entry) => entry.state === 'active'));
  return open;
}

/** Polls the board until `probe` holds (waitUntil's `until` takes synchronous probes only). */
async function boardWhen(open: OpenBoard, what: string, probe: (board: AgentBoardSnapshot) => boolean): Promise<AgentBoardSnapshot> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const board = await open.board();
    if (probe(board)) return board;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last board: ${JSON.stringify({ agents: board.agents.length, tracked: board.trackedCount })}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const json = (value: unknown): string => JSON.stringify(value);

/** The fields of a row a technician reads, without times. */
function card(row: AgentRow): Pick<AgentRow, 'id' | 'name' | 'state' | 'reportedStatus' | 'load' | 'loadHistory' | 'lastError' | 'messageCount' | 'channel' | 'notes'> {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    reportedStatus: row.reportedStatus,
    load: row.load,
    loadHistory: row.loadHistory,
    lastError: row.lastError,
    messageCount: row.messageCount,
    channel: row.channel,
    notes: row.notes,
  };
}

describe('agent board', () => {
  test('the seed shapes of agents:status, agent:status, task:routing and task_updates give the expected board', async () => {
    const open = await openBoard('p-seed');
    const nowS = Date.now() / 1000;
    await publisher.publish('agents:status', json({ channel: 'agents:status', source: 'agent-monitor', timestamp: nowS, data: { agent_id: 'agent-data', status: 'degraded', errors: 3 } }));
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'agent-vision', name: 'Vision Analyst', status: 'busy', load: 0.7, timestamp: Date.now() } }));
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'agent-vision', name: 'Vision Analyst', status: 'busy', load: 0.75, timestamp: Date.now() } }));
    // The agent monitor's health for an agent the router calls busy: the board keeps the more serious state.
    await publisher.publish('agents:status', json({ channel: 'agents:status', source: 'agent-monitor', timestamp: nowS, data: { agent_id: 'agent-vision', status: 'healthy' } }));
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'agent-planner', name: 'Protocol Planner', status: 'error', load: 0, error: 'GPU out of memory' } }));
    for (const [taskId, agentId] of [['task-1', 'agent-vision'], ['task-2', 'agent-vision'], ['task-3', 'agent-data']] as const) {
      await publisher.publish(
        'task:routing',
        json({
          type: 'routing_decision',
          payload: { taskId, agent: { id: agentId, name: agentId === 'agent-vision' ? 'Vision Analyst' : 'Data Wrangler' }, complexityScore: { d_var: 0.42 }, reason: 'cheapest', timestamp: new Date().toISOString() },
        }),
      );
    }
    await publisher.publish('task_updates', json({ task_id: 'task-1', status: 'running', message: 'Segmenting', progress: 40 }));
    await publisher.publish('task_updates', json({ task_id: 'task-3', status: 'completed', message: 'Done' }));
    const board = await boardWhen(open, 'three agents, three decisions, two tasks', (b) => b.trackedCount === 3 && b.decisions.length === 3 && b.tasks.length === 2);

    assert.deepEqual(
      {
        agents: board.agents.map(card),
        routed: board.agents.map((row) => [row.id, row.routedLastMinute]),
        statuses: board.agents.map((row) => row.statusesByChannel.map((said) => [said.channel, said.status, said.state, said.isStale])),
        sentAt: board.agents.map((row) => row.sentAtMs !== null),
        stateCounts: board.stateCounts,
        decisions: board.decisions.map((d) => [d.taskId, d.agentId, d.agentName, d.reason, d.complexityScore]),
        shares: board.shares,
        shareWindow: board.shareWindow,
        tasks: board.tasks.map((t) => [t.id, t.phase, t.status, t.progress, t.message]),
        taskCounts: board.taskCounts,
        counts: [board.matchingCount, board.hiddenCount, board.forgottenCount, board.unreadableCount],
      },
      {
        agents: [
          { id: 'agent-planner', name: 'Protocol Planner', state: 'error', reportedStatus: 'error', load: 0, loadHistory: [0], lastError: 'GPU out of memory', messageCount: 1, channel: 'agent:status', notes: [] },
          // The monitor's "degraded" is its own state: the agent works, not fully; not an error.
          { id: 'agent-data', name: 'agent-data', state: 'degraded', reportedStatus: 'degraded', load: null, loadHistory: [], lastError: null, messageCount: 1, channel: 'agents:status', notes: [] },
          { id: 'agent-vision', name: 'Vision Analyst', state: 'busy', reportedStatus: 'healthy', load: 0.75, loadHistory: [0.7, 0.75], lastError: null, messageCount: 3, channel: 'agents:status', notes: [] },
        ],
        routed: [['agent-planner', 0], ['agent-data', 1], ['agent-vision', 2]],
        // Vision Analyst's badge (busy) comes from agent:status, its last message (healthy) from agents:status: both shown, the badge's first.
        statuses: [
          [['agent:status', 'error', 'error', false]],
          [['agents:status', 'degraded', 'degraded', false]],
          [
            ['agent:status', 'busy', 'busy', false],
            ['agents:status', 'healthy', 'ok', false],
          ],
        ],
        sentAt: [false, true, true],
        stateCounts: { ok: 0, busy: 1, degraded: 1, error: 1, unknown: 0, stale: 0 },
        decisions: [
          ['task-3', 'agent-data', 'Data Wrangler', 'cheapest', 0.42],
          ['task-2', 'agent-vision', 'Vision Analyst', 'cheapest', 0.42],
          ['task-1', 'agent-vision', 'Vision Analyst', 'cheapest', 0.42],
        ],
        shares: [
          { agentId: 'agent-vision', name: 'Vision Analyst', count: 2 },
          { agentId: 'agent-data', name: 'Data Wrangler', count: 1 },
        ],
        shareWindow: 3,
        tasks: [
          ['task-1', 'running', 'running', 40, 'Segmenting'],
          ['task-3', 'finished', 'completed', 100, 'Done'],
        ],
        taskCounts: { running: 1, stale: 0, finished: 1, failed: 0 },
        counts: [3, 0, 0, 0],
      },
    );
    const raw = valueOf(await open.feature.handlers['agents:message']({ profileId: 'p-seed', agentId: 'agent-planner' }, 'test'));
    assert.deepEqual({ channel: raw.channel, encoding: raw.encoding, hasError: raw.text.includes('GPU out of memory'), isTruncated: raw.isTruncated }, { channel: 'agent:status', encoding: 'json', hasError: true, isTruncated: false });
  });

  test('bad input shows each agent as well as it can and never breaks the board', async () => {
    const open = await openBoard('p-bad');
    const payloads: Array<string | Buffer> = [
      json({ type: 'agent_status', payload: { agentId: 'string-load', status: 'IDLE', load: '0.65' } }),
      json({ type: 'agent_status', payload: { agentId: 'sleepy', status: 'napping', load: 'high' } }),
      json({ type: 'agent_status', payload: { agentId: 'агент-λ-🧪', name: 'Ünïcode 🧪', status: 'busy', timestamp: '2026-12-03T03:00:00Z' } }),
      json({ type: 'agent_status', payload: { agentId: 42, status: { nested: true }, load: 3, timestamp: 'yesterday' } }),
      json({ type: 'agent_status', payload: { name: 'no id at all', status: 'idle' } }),
      'test',
      Buffer.from([0xc1, 0xff, 0x00, 0x13]),
      '{"type": "agent_status", "payload": {"agentId": "cut',
      pack({ type: 'agent_status', payload: { agentId: 'msgpack-agent', status: 'idle', load: 0.1, timestamp: BigInt(Date.now()) } }),
      json([1, 2, 3]),
      json(null),
    ];
    for (const payload of payloads) await publisher.publish('agent:status', payload);
    const board = await boardWhen(open, 'five agents and six unreadable messages', (b) => b.trackedCount === 5 && b.unreadableCount === 6);
    const byId = new Map(board.agents.map((row) => [row.id, row]));
    assert.deepEqual(
      ['string-load', 'sleepy', 'агент-λ-🧪', '42', 'msgpack-agent'].map((id) => {
        const row = byId.get(id)!;
        return [id, row.name, row.state, row.reportedStatus, row.load, row.sentAtMs === null ? 'no time' : 'time', row.notes];
      }),
      [
        ['string-load', 'string-load', 'ok', 'IDLE', 0.65, 'no time', []],
        ['sleepy', 'sleepy', 'unknown', 'napping', null, 'no time', ['The status "napping" is not one Labwire knows.', 'The load "high" is not a number.']],
        ['агент-λ-🧪', 'Ünïcode 🧪', 'busy', 'busy', null, 'time', []],
        ['42', '42', 'unknown', null, 3, 'no time', ['The status is not text.', 'The load 3 is outside 0 to 1.', 'Its time could not be read; the receive time stands.']],
        ['msgpack-agent', 'msgpack-agent', 'ok', 'idle', 0.1, 'time', []],
      ],
    );
    assert.match(board.lastUnreadable?.reason ?? '', /^A message on agent:status was not read as an agent status: it names no agent id at the mapped field\.$/);
    const raw = valueOf(await open.feature.handlers['agents:message']({ profileId: 'p-bad', agentId: 'msgpack-agent' }, 'test'));
    assert.deepEqual({ encoding: raw.encoding, hasStatus: raw.text.includes('"idle"') }, { encoding: 'msgpack', hasStatus: true });
  });

  test('an agent silent past the threshold turns STALE on the fake clock, and back; each change is signalled', async () => {
    const open = await openBoard('p-stale');
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'heart', name: 'Heart', status: 'idle' } }));
    await boardWhen(open, 'heart ok', (b) => b.agents[0]?.state === 'ok');
    open.advance(29_000);
    const stillOk = await open.board();
    open.advance(2_000);
    const stale = await open.board();
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'heart', name: 'Heart', status: 'error', error: 'Lost the camera' } }));
    await boardWhen(open, 'heart error', (b) => b.agents[0]?.state === 'error');
    assert.deepEqual(
      {
        stillOk: stillOk.agents[0]!.state,
        stale: [stale.agents[0]!.state, stale.agents[0]!.ageMs >= 31_000, stale.stateCounts.stale],
        signals: open.signals.map((signal) => [signal.profileId, signal.agentId, signal.name, signal.previous, signal.state, signal.lastError ?? null]),
      },
      {
        stillOk: 'ok',
        stale: ['stale', true, 1],
        signals: [
          ['p-stale', 'heart', 'Heart', 'unknown', 'ok', null],
          ['p-stale', 'heart', 'Heart', 'ok', 'stale', null],
          ['p-stale', 'heart', 'Heart', 'stale', 'error', 'Lost the camera'],
        ],
      },
    );
  });

  test('10,000 distinct agent ids stay bounded and the board says how many it hides and forgot', async () => {
    const open = await openBoard('p-flood');
    const pipeline = publisher.pipeline();
    for (let index = 0; index < 10_000; index++) {
      pipeline.publish('agents:status', json({ timestamp: Date.now() / 1000, data: { agent_id: `bot-${index}`, status: index % 2 ? 'idle' : 'busy', load: 0.5 } }));
    }
    await pipeline.exec();
    const board = await boardWhen(open, 'all 10,000 ids seen', (b) => b.trackedCount + b.forgottenCount === 10_000);
    const filtered = await open.board('bot-9999', ['bot-9998']);
    assert.deepEqual(
      {
        shown: board.agents.length,
        tracked: board.trackedCount,
        matching: board.matchingCount,
        hidden: board.hiddenCount,
        forgotten: board.forgottenCount,
        firstShownIsBusy: board.agents[0]!.state,
        filtered: filtered.agents.map((row) => row.id),
        filteredHidden: filtered.hiddenCount,
      },
      { shown: 500, tracked: 2000, matching: 2000, hidden: 1500, forgotten: 8000, firstShownIsBusy: 'busy', filtered: ['bot-9999'], filteredHidden: 0 },
    );
    const pinned = await open.board('', ['bot-9999']);
    assert.equal(pinned.agents[0]!.id, 'bot-9999');
  });

  test('a mapping change takes effect at once, is kept 0600 in the data folder, and a broken path is refused in words', async () => {
    const open = await openBoard('p-mapping');
    const mapping: AgentMapping = {
      ...defaultAgentMapping(),
      statusSources: [{ channel: 'bots:heartbeat', idPath: 'who', namePath: 'label', statusPath: 'state', loadPath: 'cpu["1m"]', timePath: 'ts', errorPath: '' }],
      staleAfterMs: 2_000,
    };
    valueOf(await open.feature.handlers['agents:mapping:set']({ profileId: 'p-mapping', mapping }, 'test'));
    await boardWhen(open, 'the new channel listened to', (b) => b.listening.some((entry) => entry.channel === 'bots:heartbeat' && entry.state === 'active'));
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'old-shape', status: 'idle' } }));
    await publisher.publish('bots:heartbeat', json({ who: 'robot-1', label: 'Pipetting robot', state: 'running', cpu: { '1m': 0.3 }, ts: Date.now() }));
    const board = await boardWhen(open, 'robot-1', (b) => b.trackedCount > 0);
    open.advance(2_500);
    const stale = await open.board();
    const stored = valueOf(await open.feature.handlers['agents:mapping:get']({ profileId: 'p-mapping' }, 'test'));
    const fileMode = (await stat(join(dataDir, AGENT_MAPPINGS_FILE_NAME))).mode & 0o777;
    const broken = await open.feature.handlers['agents:mapping:set']({ profileId: 'p-mapping', mapping: { ...mapping, statusSources: [{ ...mapping.statusSources[0]!, idPath: 'who..id' }] } }, 'test');
    const paths = valueOf(await open.feature.handlers['agents:paths']({ profileId: 'p-mapping', channel: 'bots:heartbeat' }, 'test'));
    assert.deepEqual(
      {
        agents: board.agents.map((row) => [row.id, row.name, row.state, row.load]),
        listening: board.listening.map((entry) => entry.channel),
        stale: stale.agents[0]!.state,
        stored,
        fileMode,
        broken: broken.ok ? 'accepted' : [broken.error.code, broken.error.message, broken.error.field],
        paths,
      },
      {
        agents: [['robot-1', 'Pipetting robot', 'busy', 0.3]],
        listening: ['bots:heartbeat', 'task:routing', 'task_updates'],
        stale: 'stale',
        stored: mapping,
        fileMode: 0o600,
        broken: ['INVALID', 'The field path "who..id" has two dots in a row at character 5.', 'statusSources[0].idPath'],
        paths: ['cpu.1m', 'label', 'state', 'who'],
      },
    );
    const reset = valueOf(await open.feature.handlers['agents:mapping:reset']({ profileId: 'p-mapping' }, 'test'));
    assert.deepEqual(reset, defaultAgentMapping());
  });

  test('after a mapping change the agents that still match stay on the board; the others go', async () => {
    const open = await openBoard('p-remap');
    await boardWhen(open, 'the default channels listened to', (b) => b.listening.filter((entry) => entry.state === 'active').length >= 2);
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'keeper', name: 'Keeper', nickname: 'K-1', status: 'busy', load: 0.4 } }));
    await publisher.publish('agents:status', json({ data: { agent_id: 'router-x', status: 'ok' }, timestamp: Date.now() }));
    await boardWhen(open, 'both agents', (b) => b.trackedCount === 2);
    const defaults = defaultAgentMapping();
    // Only agent:status is read now, and its name comes from another field.
    const mapping: AgentMapping = { ...defaults, statusSources: [{ ...defaults.statusSources[1]!, namePath: 'payload.nickname' }] };
    valueOf(await open.feature.handlers['agents:mapping:set']({ profileId: 'p-remap', mapping }, 'test'));
    const board = await open.board();
    assert.deepEqual(
      { agents: board.agents.map((row) => [row.id, row.name, row.state, row.load]), tracked: board.trackedCount },
      { agents: [['keeper', 'K-1', 'busy', 0.4]], tracked: 1 },
    );
  });

  test('tasks run with progress, end finished or failed, and turn stale when silent', async () => {
    const open = await openBoard('p-tasks');
    await publisher.publish('task_updates', json({ task_id: 't-run', status: 'running', message: 'Working', progress: '55' }));
    await publisher.publish('task_updates', json({ task_id: 't-fail', status: 'failed', message: 'Timed out', progress: 80 }));
    await publisher.publish('task_updates', json({ task_id: 't-quiet', status: 'queued' }));
    await publisher.publish('task_updates', json({ status: 'running' }));
    await boardWhen(open, 'three tasks', (b) => b.taskCounts.running === 3 || b.tasks.length === 3);
    open.advance(121_000);
    const board = await open.board();
    assert.deepEqual(
      { tasks: board.tasks.map((t) => [t.id, t.phase, t.progress, t.message]), counts: board.taskCounts },
      {
        tasks: [
          ['t-quiet', 'stale', null, null],
          ['t-run', 'stale', 55, 'Working'],
          ['t-fail', 'failed', 80, 'Timed out'],
        ],
        counts: { running: 0, stale: 2, finished: 0, failed: 1 },
      },
    );
  });

  test('after connection:close (features, then the hub, then the connection) the board listens again once the profile reconnects', async () => {
    const open = await openBoard('p-reconnect');
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'before-close', status: 'idle' } }));
    await boardWhen(open, 'before-close', (b) => b.trackedCount === 1);
    // What connectionsFeature's 'connection:close' does, in busCore's order.
    open.feature.closeProfile?.('p-reconnect');
    hub.closeProfile('p-reconnect');
    await registry.close('p-reconnect');
    await recorder.waitForState('p-reconnect', (state) => state.state === 'closed', 5_000);
    registry.open('p-reconnect', { host: '127.0.0.1', port: server.port, db: 0 });
    await recorder.waitForState('p-reconnect', (state) => state.state === 'ready', 5_000);
    await boardWhen(open, 'the board listening again', (b) => b.listening.every((entry) => entry.state === 'active'));
    await publisher.publish('agent:status', json({ type: 'agent_status', payload: { agentId: 'back-again', status: 'idle' } }));
    const board = await boardWhen(open, 'back-again', (b) => b.trackedCount === 1);
    // A closed profile's board is dropped: what it knew before the close is gone, what comes after is read.
    assert.deepEqual(board.agents.map((row) => [row.id, row.state]), [['back-again', 'ok']]);
  });
});
