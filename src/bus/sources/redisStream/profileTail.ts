/**
 * One profile's tailed streams: one read loop per read group (readGroups.ts)
 * that reads every key of the group in one command,
 * `XREAD COUNT n BLOCK ms STREAMS k1 k2 … id1 id2 …`. A single server has
 * one group, on the profile's blocking connection; a Cluster has one per
 * slot in use, each on a blocking connection to the slot's owner.
 *
 * - A new key is checked first on the command connection (XINFO STREAM for
 *   its last id, then a non-blocking XREAD for the permission), so the lane
 *   is 'active' or 'refused' before it joins the loop, and the tail starts
 *   exactly at the stream's last id: nothing added after the lane appeared is
 *   lost, nothing older is shown.
 * - A blocked read is woken with CLIENT UNBLOCK from the command connection
 *   when keys come or go; where the ACL refuses CLIENT, the change waits for
 *   the block to end (BLOCK_MS).
 * - Backpressure: consumers take each entry synchronously. The next XREAD
 *   is sent when a reply arrives, before it is handed out (read ahead: Redis
 *   answers it while the consumers work), so at most two replies of COUNT
 *   entries per key are held: one being handed out, one on its way.
 * - After the connection is lost (the profile's, or the blocking one alone),
 *   every key resumes from the last id it read; XINFO STREAM tells whether a
 *   trim took entries meanwhile, and the lane's state says so (`note`).
 */
import { Cluster, type Redis } from 'ioredis';
import type { LabwireClient } from '../../connections/connectClient';
import type { ConnectionState } from '../../../shared/connectionState';
import type { LaneSubscription } from '../../../shared/liveChannels';
import type { ConnectionRegistry } from '../../connections/connectionRegistry';
import type { SourceMessage } from '../messageSource';
import { clusterNodeAt, readPlaceOf, type ReadPlace } from './readGroups';
import { describeResume, readStreamFacts } from './streamFacts';
import { deliverPlanned, planReply, releaseReply, type StreamReply } from './tailDelivery';
import { TailConsumer, type TailEntry } from './tailConsumer';
import { describeTailRefusal, isReplyError } from './tailRefusal';

export interface TailTiming {
  /**
   * BLOCK of each XREAD. Finite so a connection that died silently is noticed,
   * and so a key change waits at most this long where CLIENT UNBLOCK is refused.
   */
  blockMs: number;
  /** COUNT of each XREAD, per key. */
  entriesPerRead: number;
}

/**
 * Motivation: COUNT 1000 per key keeps a full-speed stream to one reply per
 * ~1000 entries (see bench stream-tail), small enough that one reply of 1 KiB
 * entries stays near 1 MiB.
 */
export const DEFAULT_TAIL_TIMING: TailTiming = { blockMs: 1_000, entriesPerRead: 1_000 };

const RETRY_BASE_DELAY_MS = 100;
const RETRY_MAX_DELAY_MS = 5_000;
/** CLIENT UNBLOCK that arrives before the server started blocking does nothing; try again this soon, this many times. */
const UNBLOCK_RETRY_MS = 5;
const UNBLOCK_ATTEMPTS = 20;

/** One XREAD loop: its keys (entries whose `readGroup` names it) and its blocking connection. */
interface ReadGroup {
  readonly place: ReadPlace;
  client: Redis | null;
  /** CLIENT ID of `client`, once known, for CLIENT UNBLOCK. */
  clientId: number | null;
  isReading: boolean;
  isLooping: boolean;
  /** Keys changed since the current read was sent: the loop re-reads with the new set. */
  isStale: boolean;
}

/** An XREAD sent on a group's blocking connection, its reply still to come. */
interface SentRead {
  readonly client: Redis;
  readonly reply: Promise<unknown>;
}

export class ProfileTail {
  private readonly entries = new Map<string, TailEntry>();
  private readonly groups = new Map<string, ReadGroup>();
  private retryAttempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private isClosed = false;

  constructor(
    private readonly profileId: string,
    private readonly connections: ConnectionRegistry,
    private readonly timing: TailTiming,
  ) {}

  add(id: string, key: string, onMessage: (message: SourceMessage) => void): TailConsumer {
    const name = Buffer.from(key, 'utf8');
    const mapKey = name.toString('latin1');
    let entry = this.entries.get(mapKey);
    const isNew = !entry;
    if (!entry) {
      entry = { key, name, mapKey, consumers: new Set(), state: { state: 'subscribing', since: Date.now() }, lastId: null, addedUpToLastId: 0, isResuming: false, checkNumber: 0, readGroup: '' };
      this.entries.set(mapKey, entry);
    }
    const consumer = new TailConsumer(id, entry, onMessage, (leaving, from) => this.remove(leaving, from));
    entry.consumers.add(consumer);
    // A refused key is checked again when someone asks for it again: the permission may have been granted.
    if (isNew || entry.state.state === 'refused') void this.check(entry);
    return consumer;
  }

  handleConnectionState(state: ConnectionState): void {
    if (state.state === 'ready') {
      this.retryAttempts = 0;
      // Only keys the loss interrupted: 'ready' may be reported again while nothing was lost.
      for (const entry of this.entries.values()) if (entry.state.state === 'interrupted') void this.check(entry);
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const group of this.groups.values()) this.dropClient(group);
    const since = Date.now();
    for (const entry of this.entries.values()) if (entry.state.state !== 'refused') this.setState(entry, { state: 'interrupted', since });
  }

  close(): void {
    this.isClosed = true;
    clearTimeout(this.retryTimer);
    const since = Date.now();
    for (const entry of this.entries.values()) for (const consumer of [...entry.consumers]) consumer.detach({ state: 'interrupted', since });
    this.entries.clear();
    for (const group of this.groups.values()) {
      this.wakeReader(group);
      this.dropClient(group);
    }
  }

  private remove(consumer: TailConsumer, entry: TailEntry): void {
    entry.consumers.delete(consumer);
    if (entry.consumers.size > 0 || this.entries.get(entry.mapKey) !== entry) return;
    this.entries.delete(entry.mapKey);
    entry.checkNumber++;
    const group = this.groups.get(entry.readGroup);
    if (group) this.wakeReader(group);
  }

  /**
   * Learns where the key's tail starts (its last id, or resumes from the
   * last id read) and whether this user may read it, on the command
   * connection; then the key joins the read loop.
   */
  private async check(entry: TailEntry): Promise<void> {
    const number = ++entry.checkNumber;
    const command = this.connections.dataClient(this.profileId);
    if (!command) {
      this.setState(entry, { state: 'interrupted', since: Date.now() });
      return;
    }
    if (entry.state.state !== 'subscribing') this.setState(entry, { state: 'subscribing', since: Date.now() });
    try {
      const place = await readPlaceOf(command, entry.key, entry.lastId !== null);
      const facts = await readStreamFacts(command, entry.name);
      if (!this.isCurrent(entry, number)) return;
      if (entry.lastId === null) {
        entry.lastId = facts.lastGeneratedId;
        entry.addedUpToLastId = facts.entriesAdded;
      } else {
        // What was missed is told when reading resumes (resumeNotes), not now: the tail may stay away a while longer.
        entry.isResuming = true;
      }
      // XINFO may be allowed where XREAD is not: ask with the command the loop will send, without blocking.
      await command.callBuffer('XREAD', 'COUNT', '1', 'STREAMS', entry.name, facts.exists ? facts.lastGeneratedId : '0-0');
      if (!this.isCurrent(entry, number)) return;
      const previous = this.groups.get(entry.readGroup);
      entry.readGroup = place.group;
      this.setState(entry, { state: 'active', since: Date.now() });
      // A key whose slot moved to another owner leaves its old read.
      if (previous && previous.place.group !== place.group) this.wakeReader(previous);
      const group = this.groupOf(place);
      this.wakeReader(group);
      this.startLoop(group);
    } catch (error) {
      if (!this.isCurrent(entry, number)) return;
      if (isReplyError(error)) {
        this.setState(entry, { state: 'refused', since: Date.now(), error: describeTailRefusal(error, entry.key, usernameOf(command)) });
        return;
      }
      this.setState(entry, { state: 'interrupted', since: Date.now() });
      // A lost server interrupts the profile, whose 'ready' brings the key back; a Cluster stays ready while one owner is lost, so ask again.
      if (this.connections.stateOf(this.profileId).state === 'ready') this.scheduleRetry();
    }
  }

  private groupOf(place: ReadPlace): ReadGroup {
    let group = this.groups.get(place.group);
    if (!group) {
      group = { place, client: null, clientId: null, isReading: false, isLooping: false, isStale: false };
      this.groups.set(place.group, group);
    }
    return group;
  }

  private isCurrent(entry: TailEntry, number: number): boolean {
    return !this.isClosed && this.entries.get(entry.mapKey) === entry && entry.checkNumber === number;
  }

  private readableEntries(group: ReadGroup): TailEntry[] {
    const readable: TailEntry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.state.state === 'active' && entry.lastId !== null && entry.readGroup === group.place.group) readable.push(entry);
    }
    return readable;
  }

  private startLoop(group: ReadGroup): void {
    if (group.isLooping || this.isClosed) return;
    group.isLooping = true;
    void this.loop(group).finally(() => {
      group.isLooping = false;
    });
  }

  private async loop(group: ReadGroup): Promise<void> {
    let ahead: SentRead | null = null;
    for (;;) {
      const read = ahead ?? (await this.sendFirstRead(group));
      ahead = null;
      if (!read) return;
      let reply: unknown;
      try {
        reply = await read.reply;
      } catch (error) {
        group.isReading = false;
        // A refusal (a key's type changed, a permission revoked, the connection's login refused, MOVED after a
        // failover) is found key by key on the next check, after a backoff; a fresh connection is taken, as this
        // one may be the one refused.
        this.onClientLost(group, read.client, isReplyError(error));
        return;
      }
      group.isReading = false;
      this.retryAttempts = 0;
      if (!Array.isArray(reply)) continue;
      const delivered = reply as StreamReply[];
      const planned = planReply(this.entries, delivered);
      // Read ahead: the next XREAD (from the ids just moved on) goes out before this reply is handed out, so Redis
      // answers it while the consumers work. At most one reply waits, in the socket, while one is delivered.
      const readable = planned.length > 0 && this.canReadAhead(group, read.client) ? this.readableEntries(group) : [];
      if (readable.length > 0) ahead = this.sendRead(group, read.client, readable);
      deliverPlanned(planned, Date.now());
      // The consumers keep payload Buffers, never the reply's arrays: empty them so they die young (releaseReply).
      releaseReply(delivered);
    }
  }

  /** The loop's read after a start, a block that ended empty or a key change: the connection made ready, resumed keys told what they missed. */
  private async sendFirstRead(group: ReadGroup): Promise<SentRead | null> {
    const readable = this.readableEntries(group);
    if (readable.length === 0 || this.isClosed) return null;
    const client = await this.readyClient(group);
    if (!client) return null;
    group.isStale = false;
    if (!(await this.resumeNotes(group, client, readable))) return null;
    return this.sendRead(group, client, readable);
  }

  /** A read ahead needs nothing sendFirstRead does: the same connection, the same keys, none coming back from an interruption. */
  private canReadAhead(group: ReadGroup, client: Redis): boolean {
    if (this.isClosed || group.isStale || group.client !== client || client.status !== 'ready') return false;
    for (const entry of this.entries.values()) if (entry.readGroup === group.place.group && entry.isResuming) return false;
    return true;
  }

  private sendRead(group: ReadGroup, client: Redis, readable: readonly TailEntry[]): SentRead {
    const names = readable.map((entry) => entry.name);
    const ids = readable.map((entry) => entry.lastId!);
    group.isReading = true;
    const reply = client.callBuffer('XREAD', 'COUNT', String(this.timing.entriesPerRead), 'BLOCK', String(this.timing.blockMs), 'STREAMS', ...names, ...ids);
    return { client, reply };
  }

  /**
   * For keys coming back from an interruption: on the connection that is
   * about to read, learns whether entries after the last id read were
   * trimmed meanwhile, and says so in the lane's state. False when the
   * connection failed (the loop stops; the retry comes back here).
   */
  private async resumeNotes(group: ReadGroup, client: Redis, readable: TailEntry[]): Promise<boolean> {
    for (const entry of readable) {
      if (!entry.isResuming || entry.lastId === null) continue;
      let facts;
      try {
        facts = await readStreamFacts(client, entry.name);
      } catch (error) {
        this.onClientLost(group, client, isReplyError(error));
        return false;
      }
      if (!entry.isResuming || this.entries.get(entry.mapKey) !== entry) continue;
      entry.isResuming = false;
      const resume = describeResume(facts, entry.lastId, entry.addedUpToLastId);
      if (resume.restartFrom !== null) {
        entry.lastId = resume.restartFrom;
        entry.addedUpToLastId = 0;
      }
      this.setState(entry, { state: 'active', since: Date.now(), note: resume.note });
    }
    return true;
  }

  /**
   * The group's blocking connection, with its CLIENT ID learned (so it is
   * 'ready' before the first XREAD); null when the profile is not ready.
   */
  private async readyClient(group: ReadGroup): Promise<Redis | null> {
    const node = group.place.node;
    const client = node ? this.connections.nodeBlockingClient(this.profileId, node) : this.connections.blockingClient(this.profileId);
    if (!client) return null;
    if (client.status === 'end' || client.status === 'close') {
      // The registry has not yet forgotten a connection that just ended.
      this.scheduleRetry();
      return null;
    }
    if (client === group.client) return client;
    group.client = client;
    group.clientId = null;
    try {
      group.clientId = Number(await client.call('CLIENT', 'ID'));
    } catch (error) {
      if (!isReplyError(error)) {
        this.onClientLost(group, client);
        return null;
      }
      // CLIENT ID refused by the ACL: key changes then wait for the block to end.
    }
    return group.client === client ? client : null;
  }

  /** The connection CLIENT UNBLOCK goes on: the command connection, or on a Cluster the cluster's own one to the owner. */
  private unblockerOf(group: ReadGroup): LabwireClient | undefined {
    const node = group.place.node;
    if (!node) return this.connections.commandClient(this.profileId);
    const data = this.connections.dataClient(this.profileId);
    return data ? clusterNodeAt(data, node) : undefined;
  }

  /** Wakes a group's blocked read so its loop reads again with the current keys. */
  private wakeReader(group: ReadGroup): void {
    group.isStale = true;
    if (!group.isReading || group.clientId === null) return;
    const command = this.unblockerOf(group);
    if (!command) return;
    const clientId = group.clientId;
    const attempt = (remaining: number): void => {
      command.call('CLIENT', 'UNBLOCK', String(clientId)).then(
        (answer) => {
          // 0: the read had not started blocking yet (or already ended); ask again while it is still out.
          if (Number(answer) === 0 && remaining > 1 && group.isReading && group.isStale && group.clientId === clientId) {
            setTimeout(() => attempt(remaining - 1), UNBLOCK_RETRY_MS);
          }
        },
        () => {
          // CLIENT UNBLOCK refused or the connection is gone: the block ends on its own within blockMs.
        },
      );
    };
    attempt(UNBLOCK_ATTEMPTS);
  }

  private onClientLost(group: ReadGroup, client: Redis, shouldDisconnect = false): void {
    if (group.client !== client) return;
    this.dropClient(group);
    if (shouldDisconnect) client.disconnect();
    if (this.isClosed || this.connections.stateOf(this.profileId).state !== 'ready') return;
    // The blocking connection alone was cut (CLIENT KILL, a proxy, a Cluster slot owner lost): the profile stays
    // ready, so this reconnects on its own; on a Cluster the next check finds the slot's owner again.
    const since = Date.now();
    for (const entry of this.entries.values()) {
      if (entry.state.state === 'active' && entry.readGroup === group.place.group) this.setState(entry, { state: 'interrupted', since });
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.isClosed) return;
    this.retryAttempts += 1;
    const delayMs = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** (this.retryAttempts - 1));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.connections.stateOf(this.profileId).state !== 'ready') return;
      for (const entry of this.entries.values()) if (entry.state.state === 'interrupted') void this.check(entry);
    }, delayMs);
  }

  private dropClient(group: ReadGroup): void {
    const client = group.client;
    group.client = null;
    group.clientId = null;
    group.isReading = false;
    // The registry forgets a lane connection when it ends; one that failed but lingers is closed here.
    if (client && client.status !== 'ready' && client.status !== 'end') client.disconnect();
  }

  private setState(entry: TailEntry, state: LaneSubscription): void {
    entry.state = state;
    for (const consumer of [...entry.consumers]) consumer.notify(state);
  }
}

function usernameOf(client: LabwireClient): string {
  const username = client instanceof Cluster ? client.options.redisOptions?.username : client.options.username;
  return username || 'default';
}
