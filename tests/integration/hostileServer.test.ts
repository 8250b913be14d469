/**
 * A hostile or broken server cannot take the console down. A FakeHostileServer
 * (not Redis: a net.Server written here) answers the handshake ioredis sends
 * (CLIENT SETNAME, the INFO ready check, AUTH/SELECT/PING if asked) and then
 * answers the next command with something no Redis 2 protocol client asked
 * for: a 4 GiB bulk string (and keeps sending it), a 100,000-deep nested
 * array, RESP3 types, random bytes. Each time that profile ends in a plain
 * error, memory stays bounded, and a second profile on a real redis-server and
 * the bus itself keep answering.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BusCore } from '../../src/bus/busCore';
import type { ConnectionState } from '../../src/shared/connectionState';
import type { BusToHostMessage } from '../../src/shared/contract';
import { defaultProfileFields, type Profile } from '../../src/shared/profile';
import { startRedisServer, type TestRedisServer } from '../support/redisServer';
import { until, valueOf } from '../support/waitUntil';

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;
/** How much of the "4 GiB" the fake server really sends before giving up: far above the memory cap below. */
const HUGE_BULK_SENT_BYTES = 512 * MIB;
/** Generous (the guarded client grows by a few MiB); without the guard the 4 GiB case grew 172 MiB in the 3 s before the heartbeat gave up. */
const MEMORY_GROWTH_CAP_BYTES = 128 * MIB;
const SETTLE_TIMEOUT_MS = 15_000;

type Hostility = { kind: 'hugeBulk' } | { kind: 'bytes'; bytes: Buffer };

/** Reads the commands a client sends (RESP arrays of bulk strings), enough to follow a handshake. */
function readCommands(buffer: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = [];
  let offset = 0;
  for (;;) {
    const start = offset;
    const header = readLine(buffer, offset);
    if (!header || buffer[offset] !== 0x2a) return { commands, rest: buffer.subarray(start) };
    const count = Number(header.text.slice(1));
    offset = header.next;
    const command: string[] = [];
    for (let index = 0; index < count; index++) {
      const length = readLine(buffer, offset);
      if (!length) return { commands, rest: buffer.subarray(start) };
      const size = Number(length.text.slice(1));
      if (length.next + size + 2 > buffer.length) return { commands, rest: buffer.subarray(start) };
      command.push(buffer.subarray(length.next, length.next + size).toString('utf8'));
      offset = length.next + size + 2;
    }
    commands.push(command);
  }
}

function readLine(buffer: Buffer, offset: number): { text: string; next: number } | null {
  const end = buffer.indexOf('\r\n', offset);
  return end < 0 ? null : { text: buffer.subarray(offset, end).toString('latin1'), next: end + 2 };
}

const INFO_REPLY = (() => {
  const text = '# Server\r\nredis_version:7.2.0\r\nredis_mode:standalone\r\n# Persistence\r\nloading:0\r\n# Replication\r\nrole:master\r\n';
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
})();

class FakeHostileServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Bytes of hostile data written, over all connections. */
  hostileBytesSent = 0;

  constructor(private readonly hostility: Hostility) {
    this.server = createServer((socket) => this.serve(socket));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending: Buffer = Buffer.alloc(0);
    let hasAnsweredReadyCheck = false;
    let isHostile = false;
    socket.on('data', (chunk: Buffer) => {
      if (isHostile) return;
      const read = readCommands(Buffer.concat([pending, chunk]));
      pending = read.rest;
      for (const [name = ''] of read.commands) {
        if (hasAnsweredReadyCheck) {
          isHostile = true;
          void this.attack(socket);
          return;
        }
        const upper = name.toUpperCase();
        if (upper === 'INFO') {
          hasAnsweredReadyCheck = true;
          socket.write(INFO_REPLY);
        } else if (upper === 'PING') socket.write('+PONG\r\n');
        else socket.write('+OK\r\n');
      }
    });
  }

  private async attack(socket: Socket): Promise<void> {
    if (this.hostility.kind === 'bytes') {
      this.hostileBytesSent += this.hostility.bytes.length;
      socket.write(this.hostility.bytes);
      return;
    }
    socket.write(`$${4 * GIB}\r\n`);
    const chunk = Buffer.alloc(MIB, 0x61);
    while (!socket.destroyed && this.hostileBytesSent < HUGE_BULK_SENT_BYTES) {
      this.hostileBytesSent += chunk.length;
      if (!socket.write(chunk)) await untilWritable(socket);
    }
  }
}

function untilWritable(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

/** Deterministic "random" bytes (a fixed-seed xorshift), so a failure can be replayed. */
function noiseBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

const RESP3_REPLIES: Record<string, string> = {
  map: '%1\r\n+redis_version\r\n+7.2.0\r\n',
  set: '~2\r\n:1\r\n:2\r\n',
  null: '_\r\n',
  double: ',3.14\r\n',
  boolean: '#t\r\n',
  bigNumber: '(3492890328409238509324850943850943825024385\r\n',
  verbatim: '=15\r\ntxt:Some string\r\n',
  blobError: '!21\r\nSYNTAX invalid syntax\r\n',
  push: '>3\r\n+message\r\n+lab/x\r\n+hello\r\n',
  attribute: '|1\r\n+ttl\r\n:3600\r\n:1\r\n',
};

function memoryInUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

describe('a hostile or broken server', () => {
  let redis: TestRedisServer;
  let dataDir: string;
  let core: BusCore;
  const states = new Map<string, ConnectionState>();
  let steadyId: string;

  before(async () => {
    redis = await startRedisServer();
    dataDir = await mkdtemp(join(tmpdir(), 'labwire-hostile-'));
    core = await BusCore.create({
      host: 'serve',
      appVersion: 'test',
      dataDir,
      keySource: { kind: 'none', reason: 'tests keep no secrets' },
      emit: (message: BusToHostMessage) => {
        if (message.kind === 'event' && message.event.type === 'connection:state') states.set(message.event.profileId, message.event.state);
      },
    });
    steadyId = (valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name: 'Steady', host: '127.0.0.1', port: redis.port })) as Profile).id;
    valueOf(await core.handle('connection:open', { profileId: steadyId }));
    await until('the steady profile to be ready', () => states.get(steadyId)?.state === 'ready', SETTLE_TIMEOUT_MS);
  });

  after(async () => {
    await core?.dispose();
    await redis?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Opens a profile on the hostile server, waits until it settles in an error, and reports what a test compares. */
  async function survive(name: string, hostility: Hostility) {
    const server = new FakeHostileServer(hostility);
    await server.listen();
    try {
      const id = (valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name, host: '127.0.0.1', port: server.port })) as Profile).id;
      const baseline = memoryInUse();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, memoryInUse())), 5);
      try {
        valueOf(await core.handle('connection:open', { profileId: id }));
        await until(
          `${name} to settle in an error`,
          () => {
            const state = states.get(id);
            return state?.state === 'failed' || (state?.state === 'reconnecting' && server.hostileBytesSent > 0);
          },
          SETTLE_TIMEOUT_MS,
        );
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, memoryInUse());
      const state = states.get(id);
      await core.handle('connection:close', { profileId: id });
      const steadyFacts = await core.handle('connection:facts', { profileId: steadyId });
      const hello = await core.handle('system:hello', {});
      return {
        state:
          state?.state === 'failed'
            ? { state: 'failed', code: state.reason.code, message: state.reason.message.replace(`:${server.port} `, ':PORT ') }
            : { state: state?.state },
        isMemoryBounded: peak - baseline < MEMORY_GROWTH_CAP_BYTES,
        isSteadyReady: states.get(steadyId)?.state === 'ready',
        doesSteadyAnswer: steadyFacts.ok,
        doesBusAnswer: hello.ok,
      };
    } finally {
      await server.close();
    }
  }

  function expected(reason: string) {
    return {
      state: {
        state: 'failed',
        code: 'PROTOCOL',
        message: `127.0.0.1:PORT sent something that is not a Redis reply (${reason}). Check the host and port: is this a Redis server?`,
      },
      isMemoryBounded: true,
      isSteadyReady: true,
      doesSteadyAnswer: true,
      doesBusAnswer: true,
    };
  }

  test('a bulk string of 4 GiB that keeps coming', async () => {
    const outcome = await survive('Huge bulk', { kind: 'hugeBulk' });
    assert.deepStrictEqual(outcome, expected('a text of 4096 MiB, more than the 64 MiB Labwire accepts in one reply'));
  });

  test('an array nested 100,000 deep', async () => {
    const bytes = Buffer.from(`${'*1\r\n'.repeat(100_000)}:1\r\n`);
    const outcome = await survive('Deep array', { kind: 'bytes', bytes });
    assert.deepStrictEqual(outcome, expected('lists nested more than 64 deep'));
  });

  test('RESP3 types the client did not ask for', async () => {
    const outcomes: Record<string, unknown> = {};
    for (const [name, reply] of Object.entries(RESP3_REPLIES)) outcomes[name] = await survive(`RESP3 ${name}`, { kind: 'bytes', bytes: Buffer.from(reply) });
    const expectations: Record<string, unknown> = {};
    for (const [name, reply] of Object.entries(RESP3_REPLIES)) expectations[name] = expected(`a reply that starts with "${reply[0]}"`);
    assert.deepStrictEqual(outcomes, expectations);
  });

  test('random bytes', async () => {
    const bytes = noiseBytes(256 * 1024, 0x1ab5eed);
    const outcome = await survive('Noise', { kind: 'bytes', bytes });
    assert.deepStrictEqual(outcome, expected(`a reply that starts with byte 0x${(bytes[0] ?? 0).toString(16).padStart(2, '0')}`));
  });
});
