/**
 * The supervisor of one profile's connections. It owns the reconnect loop,
 * the heartbeat and the periodic facts, and pushes every state change.
 *
 * Every asynchronous step remembers the `generation` it started in; a loss or
 * a close bumps the generation, so a late answer from an abandoned client or
 * timer can never move the state.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { SentinelSwitch, TopologyFacts } from '../../shared/topologyFacts';
import type { ConnectionGap, ConnectionState, ServerFacts } from '../../shared/connectionState';
import { fail, ok, type BusError, type Result } from '../../shared/result';
import { connectClient, createRedisClient, describeConnectedNode, errorContextOf, type LabwireClient } from './connectClient';
import { retryDelayMs, type ConnectionTiming } from './connectionTiming';
import { describeConnectionLoss, describeRedisError, isProtocolFailure, isRetryable, type ErrorContext } from './describeRedisError';
import { ClientErrorTally } from './clientErrorTally';
import { readConnectionFiles, redisOptionsFor, type ConnectionFiles } from './redisClientOptions';
import { describeTarget, type NodeEndpoint, type RedisEndpoint } from './redisEndpoint';
import { readServerFacts } from './serverFacts';
import { readTopologyFacts } from './topologyReader';
import { withDeadline } from './withDeadline';
import type { PublishCommand } from '../../shared/publishing';
import { classifyPublishFailure } from '../publish/publishFailure';
import { publishOnce, replyTimeoutOf } from '../publish/publishOnce';

/** The connections opened lazily beside the command connection. */
/** Connections of their own beside the command client: receiving, blocking reads, and (Cluster) the bridges' batch publishes. */
export type LaneRole = 'subscriber' | 'blocking' | 'publisher';

export interface ProfileConnectionOptions {
  endpoint: RedisEndpoint;
  timing: ConnectionTiming;
  onDidChangeState(state: ConnectionState): void;
  onDidReadFacts(facts: ServerFacts): void;
}

/** Budget for a polite QUIT on close before the socket is simply dropped. */
const QUIT_TIMEOUT_MS = 500;

interface Outage {
  /** When receiving stopped (or, before the first success, when connecting began). */
  since: number;
  /** Attempts made so far in this outage. */
  attempts: number;
  /** The profile had been ready: the outage is a gap in what was received. */
  isGap: boolean;
}

export class ProfileConnection {
  readonly endpoint: RedisEndpoint;
  private readonly timing: ConnectionTiming;
  private current: ConnectionState = { state: 'idle' };
  private generation = 0;
  private command: LabwireClient | undefined;
  private readonly lanes = new Map<LaneRole, Redis>();
  /** Cluster: lane connections to one node each (a key's slot owner), by "role@host:port". */
  private readonly nodeLanes = new Map<string, Redis>();
  private files: ConnectionFiles = { data: {}, sentinels: {} };
  /** Sentinel: the master's address when last ready, and the last time it changed. */
  private masterAddress: string | null = null;
  private lastSwitch: SentinelSwitch | undefined;
  /** The command clients' errors since open, one line per distinct message (a failover repeats one hundreds of times). */
  private readonly errorTally = new ClientErrorTally();
  private hasConnectedBefore = false;
  private outage: Outage | undefined;
  private lastGap: ConnectionGap | undefined;
  private attemptAbort: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private factsTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ProfileConnectionOptions) {
    this.endpoint = options.endpoint;
    this.timing = options.timing;
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** True between open and close; false once failed or closed. */
  get isActive(): boolean {
    return this.current.state === 'connecting' || this.current.state === 'ready' || this.current.state === 'reconnecting';
  }

  open(): ConnectionState {
    const since = Date.now();
    this.outage = { since, attempts: 0, isGap: false };
    this.setState({ state: 'connecting', since });
    this.startAttempt();
    return this.current;
  }

  /**
   * The command connection of a single server while ready; undefined
   * otherwise, and for a Cluster profile, whose features that need one node
   * do not run on a cluster yet.
   */
  readyCommandClient(): Redis | undefined {
    return this.current.state === 'ready' && this.command instanceof Redis ? this.command : undefined;
  }

  /** The command client of any topology while ready (Cluster included), for topology-aware readers. */
  readyClient(): LabwireClient | undefined {
    return this.current.state === 'ready' ? this.command : undefined;
  }

  /** Sentinel profiles: the last master switch this connection followed; undefined when none was seen. */
  get lastMasterSwitch(): SentinelSwitch | undefined {
    return this.lastSwitch;
  }

  /**
   * The subscriber or blocking-read connection, created on first use while
   * ready. It is dropped when the profile loses the server or closes; ask
   * again after the next 'ready'.
   */
  laneClient(role: LaneRole): Redis | undefined {
    if (this.current.state !== 'ready') return undefined;
    // A Cluster's subscriber and batch publisher are one master (a classic PUBLISH reaches every node); blocking reads need a key's owner.
    const node = this.command instanceof Cluster ? (role === 'blocking' ? undefined : this.pickClusterMaster(this.command)) : null;
    if (node === undefined) return undefined;
    const existing = this.lanes.get(role);
    if (existing) return existing;
    const client = this.createLaneClient(role, node ?? undefined);
    this.lanes.set(role, client);
    return client;
  }

  /**
   * Cluster profiles: a lane connection of its own to one node (the owner
   * of a tailed key's slot), created on first use while ready, with the
   * profile's auth, TLS and reply guard. Dropped like the other lanes.
   */
  nodeLaneClient(role: LaneRole, node: { host: string; port: number }): Redis | undefined {
    if (this.current.state !== 'ready' || this.endpoint.topology?.mode !== 'cluster') return undefined;
    const name = `${role}@${node.host}:${node.port}`;
    const existing = this.nodeLanes.get(name);
    if (existing) return existing;
    const client = createRedisClient({ ...this.optionsFor(role), host: node.host, port: node.port, db: 0 });
    client.on('error', () => {
      // Its user sees failures through its commands (a lost owner interrupts the tail, which asks again).
    });
    client.once('end', () => {
      if (this.nodeLanes.get(name) === client) this.nodeLanes.delete(name);
    });
    this.nodeLanes.set(name, client);
    return client;
  }

  /** Cluster profiles while ready: the master of `slot` as the Cluster client last read the slot map (NAT map applied). */
  clusterSlotOwner(slot: number): NodeEndpoint | undefined {
    const client = this.readyClient();
    if (!(client instanceof Cluster)) return undefined;
    return parseNodeKey(client.slots[slot]?.[0]);
  }

  /** Cluster profiles: reads the slot map again from a live node (CLUSTER SLOTS). Resolves either way, within the command timeout. */
  async refreshClusterSlots(): Promise<void> {
    const client = this.readyClient();
    if (!(client instanceof Cluster)) return;
    const refreshed = new Promise<void>((resolve) => client.refreshSlotsCache(() => resolve()));
    await withDeadline(refreshed, this.timing.commandTimeoutMs).catch(() => undefined);
  }

  /**
   * Cluster profiles while ready: a new subscriber client of one node, not
   * connected yet; the caller owns it and closes it (sharded subscriptions
   * keep one per slot owner).
   */
  clusterNodeClient(node: NodeEndpoint): Redis | undefined {
    if (!(this.readyClient() instanceof Cluster)) return undefined;
    const client = createRedisClient({ ...this.optionsFor('subscriber'), host: node.host, port: node.port });
    client.on('error', () => {
      // Its owner sees failures through its commands and the client's 'end'.
    });
    return client;
  }

  async readFacts(): Promise<Result<ServerFacts>> {
    const client = this.readyClient();
    if (!client) return this.notConnected();
    return this.readFactsFrom(client);
  }

  /** The Sentinel group or Cluster as it is now (topologyReader.ts); standalone profiles say just that. */
  async readTopology(): Promise<Result<TopologyFacts>> {
    const client = this.readyClient();
    if (!client) return this.notConnected();
    const clientErrors = { clientErrors: this.errorTally.list(), droppedClientErrors: this.errorTally.dropped };
    return readTopologyFacts({ endpoint: this.endpoint, client, timing: this.timing, files: this.files, lastSwitch: this.lastSwitch, clientErrors });
  }

  /**
   * One PUBLISH (or SPUBLISH) through publishOnce.ts, the path every feature
   * publishes through: on a Cluster MOVED/ASK and failovers are followed and
   * a publish whose reply was lost is never sent again. The value is the
   * server's receiver count; a failure says whether it was not sent, refused,
   * or may have arrived (CONNECTION_LOST).
   */
  async publish(channel: string, payload: Buffer, command: PublishCommand = 'publish'): Promise<Result<number>> {
    const client = this.readyClient();
    if (!client || client.status !== 'ready') return this.notConnected();
    try {
      return ok(await publishOnce(client, command, channel, payload));
    } catch (error) {
      // The server's own refusals (NOPERM ...) read as every other command's; the rest says whether it was sent.
      if (isReplyError(error)) return { ok: false, error: this.describe(error) };
      const failure = classifyPublishFailure(error, { channel, username: this.endpoint.username ?? '', commandTimeoutMs: replyTimeoutOf(client) });
      const code = failure.kind === 'notSent' ? 'NOT_CONNECTED' : failure.kind === 'lost' ? 'CONNECTION_LOST' : 'REDIS_ERROR';
      return fail(code, failure.reason, { detail: error instanceof Error ? error.message : String(error) });
    }
  }

  async close(): Promise<ConnectionState> {
    this.abandonClients();
    const clients = this.takeClients();
    if (this.current.state !== 'closed') this.setState({ state: 'closed', since: Date.now() });
    await Promise.all(clients.map(quitPolitely));
    return this.current;
  }

  private startAttempt(): void {
    const generation = this.generation;
    this.attemptAbort = new AbortController();
    const signal = this.attemptAbort.signal;
    void this.attempt(generation, signal).catch((error: unknown) => {
      if (generation === this.generation) this.onAttemptFailed(this.describe(error));
    });
  }

  private async attempt(generation: number, signal: AbortSignal): Promise<void> {
    const files = await readConnectionFiles(this.endpoint);
    if (generation !== this.generation) return;
    if (!files.ok) return this.onAttemptFailed(files.error);
    this.files = files.value;
    const outcome = await connectClient({
      endpoint: this.endpoint,
      options: this.optionsFor('command'),
      timeoutMs: this.timing.connectTimeoutMs,
      hasConnectedBefore: this.hasConnectedBefore,
      signal,
    });
    if (generation !== this.generation) {
      if (outcome.ok) outcome.client.disconnect();
      return;
    }
    if (!outcome.ok) return this.onAttemptFailed(outcome.error);
    this.onReady(outcome.client, generation);
  }

  private onAttemptFailed(error: BusError): void {
    if (!isRetryable(error)) {
      this.outage = undefined;
      this.setState({ state: 'failed', since: Date.now(), reason: error });
      return;
    }
    const outage = this.outage ?? { since: Date.now(), attempts: 0, isGap: false };
    outage.attempts += 1;
    this.outage = outage;
    const delayMs = retryDelayMs(outage.attempts, this.timing);
    const nextRetryAt = Date.now() + delayMs;
    this.setState({ state: 'reconnecting', since: outage.since, attempt: outage.attempts, lastError: error, nextRetryAt });
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (generation === this.generation) this.startAttempt();
    }, delayMs);
  }

  private onReady(client: LabwireClient, generation: number): void {
    this.command = client;
    this.hasConnectedBefore = true;
    const now = Date.now();
    this.noteMaster(client, now);
    if (this.outage?.isGap) this.lastGap = { from: this.outage.since, to: now };
    this.outage = undefined;
    // A server that sent something other than Redis is closed by the reply guard; say that, not "dropped".
    let protocolFailure: unknown;
    client.on('error', (error: unknown) => {
      if (isProtocolFailure(error)) protocolFailure ??= error;
      this.errorTally.note(this.describe(error).message);
    });
    // A Cluster reports each node's errors apart; the node's address leads, as the profile's own address would mislead.
    client.on('node error', (error: unknown, node: unknown) => this.errorTally.note(`${String(node)}: ${error instanceof Error ? error.message : String(error)}`));
    client.once('close', () =>
      this.onLost(generation, protocolFailure ? this.describe(protocolFailure) : describeConnectionLoss(this.errorContext()), Date.now()),
    );
    this.setState({ state: 'ready', since: now, ...(this.lastGap ? { lastGap: this.lastGap } : {}) });
    this.scheduleHeartbeat(client, generation);
    void this.refreshFacts(client, generation);
  }

  private onLost(generation: number, error: BusError, since: number): void {
    if (generation !== this.generation) return;
    this.abandonClients();
    for (const client of this.takeClients()) client.disconnect();
    this.outage = { since, attempts: 0, isGap: true };
    this.onAttemptFailed(error);
  }

  /**
   * PING after each answer, so a slow reply delays the next PING instead of
   * stacking them. A hung server is noticed within interval + timeout.
   */
  /**
   * A Sentinel profile that comes back to another master has followed a
   * switch: the failover detector (+switch-master) or a lost master made the
   * supervisor reconnect, and the sentinels named the new one.
   */
  private noteMaster(client: LabwireClient, now: number): void {
    if (this.endpoint.topology?.mode !== 'sentinel') return;
    const address = describeConnectedNode(client);
    if (address === null) return;
    if (this.masterAddress !== null && this.masterAddress !== address) this.lastSwitch = { from: this.masterAddress, to: address, at: now };
    this.masterAddress = address;
  }

  private scheduleHeartbeat(client: LabwireClient, generation: number): void {
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = undefined;
      const sentAt = Date.now();
      withDeadline(client.ping(), this.timing.heartbeatTimeoutMs).then(
        () => this.afterHeartbeat(client, generation),
        (error: unknown) => {
          // An error reply (an ACL without PING, say) still proves the server answers.
          if (isReplyError(error)) this.afterHeartbeat(client, generation);
          else this.onLost(generation, this.describe(error), sentAt);
        },
      );
    }, this.timing.heartbeatIntervalMs);
  }

  private afterHeartbeat(client: LabwireClient, generation: number): void {
    if (generation === this.generation) this.scheduleHeartbeat(client, generation);
  }

  private async refreshFacts(client: LabwireClient, generation: number): Promise<void> {
    const facts = await this.readFactsFrom(client);
    if (generation !== this.generation) return;
    if (facts.ok) this.options.onDidReadFacts(facts.value);
    this.factsTimer = setTimeout(() => {
      this.factsTimer = undefined;
      void this.refreshFacts(client, generation);
    }, this.timing.factsIntervalMs);
  }

  private async readFactsFrom(client: LabwireClient): Promise<Result<ServerFacts>> {
    try {
      return ok(await withDeadline(readServerFacts(client), this.timing.commandTimeoutMs));
    } catch (error) {
      return { ok: false, error: this.describe(error) };
    }
  }

  /**
   * A master for a Cluster profile's subscriber: a ready one when the Cluster
   * client has one, else any it knows (a dead one fails and the subscriber
   * asks again), else the first seed. The Cluster client's node addresses
   * have the NAT map applied already.
   */
  private pickClusterMaster(cluster: Cluster): NodeEndpoint | undefined {
    const masters = cluster.nodes('master');
    const ready = masters.filter((node) => node.status === 'ready');
    const pool = ready.length > 0 ? ready : masters;
    const chosen = pool[Math.floor(Math.random() * pool.length)];
    if (chosen?.options.host !== undefined && chosen.options.port !== undefined) return { host: chosen.options.host, port: chosen.options.port };
    return this.endpoint.topology?.mode === 'cluster' ? this.endpoint.topology.seeds[0] : undefined;
  }

  private createLaneClient(role: LaneRole, node?: NodeEndpoint): Redis {
    const client = createRedisClient({ ...this.optionsFor(role), ...(node ? { host: node.host, port: node.port } : {}) });
    client.on('error', () => {
      // The lane's user sees failures through its commands; the supervisor sees the loss through the heartbeat.
    });
    client.once('end', () => {
      if (this.lanes.get(role) === client) this.lanes.delete(role);
    });
    return client;
  }

  /** Stops every timer and in-flight step of the current generation. */
  private abandonClients(): void {
    this.generation += 1;
    this.attemptAbort?.abort();
    this.attemptAbort = undefined;
    clearTimeout(this.retryTimer);
    clearTimeout(this.heartbeatTimer);
    clearTimeout(this.factsTimer);
    this.retryTimer = this.heartbeatTimer = this.factsTimer = undefined;
  }

  private takeClients(): LabwireClient[] {
    const clients = [...(this.command ? [this.command] : []), ...this.lanes.values(), ...this.nodeLanes.values()];
    this.command = undefined;
    this.lanes.clear();
    this.nodeLanes.clear();
    return clients;
  }

  private optionsFor(role: 'command' | LaneRole): RedisOptions {
    return redisOptionsFor(this.endpoint, role, this.timing, this.files);
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.options.onDidChangeState(state);
  }

  private errorContext(): ErrorContext {
    return errorContextOf(this.endpoint, this.hasConnectedBefore);
  }

  private describe(error: unknown): BusError {
    return describeRedisError(error, this.errorContext(), this.endpoint.tls?.caFile);
  }

  private notConnected<T>(): Result<T> {
    const address = describeTarget(this.endpoint);
    const why =
      this.current.state === 'reconnecting' || this.current.state === 'connecting'
        ? `Labwire is still connecting to ${address}. Try again when the connection is ready.`
        : `Labwire is not connected to ${address}. Connect first.`;
    return fail('NOT_CONNECTED', why);
  }
}

/** "host:port" as the Cluster client keys its nodes (the host may be IPv6, so split at the last colon). */
function parseNodeKey(key: string | undefined): NodeEndpoint | undefined {
  if (key === undefined) return undefined;
  const colon = key.lastIndexOf(':');
  const port = Number(key.slice(colon + 1));
  return colon > 0 && Number.isInteger(port) ? { host: key.slice(0, colon), port } : undefined;
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

async function quitPolitely(client: LabwireClient): Promise<void> {
  // QUIT on a lane that never connected would open it first.
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await withDeadline(client.quit(), QUIT_TIMEOUT_MS);
  } catch {
    // Already gone or hung: dropping the socket below is all that is left.
  }
  client.disconnect();
}
