/**
 * All profiles' connections, keyed by profile id. The bus core talks to this
 * class only; each profile's connections are supervised by a ProfileConnection.
 */
import type { Redis } from 'ioredis';
import type { LabwireClient } from './connectClient';
import type { ConnectionState, ServerFacts } from '../../shared/connectionState';
import { fail, type Result } from '../../shared/result';
import type { PublishCommand } from '../../shared/publishing';
import type { SentinelSwitch, TopologyFacts } from '../../shared/topologyFacts';
import { resolveTiming, type ConnectionTiming } from './connectionTiming';
import { ProfileConnection, type LaneRole } from './profileConnection';
import { isSameEndpoint, type NodeEndpoint, type RedisEndpoint } from './redisEndpoint';

export interface ConnectionRegistryOptions {
  onDidChangeState(profileId: string, state: ConnectionState): void;
  onDidReadFacts(profileId: string, facts: ServerFacts): void;
  /** Shorter delays for tests; production uses DEFAULT_CONNECTION_TIMING. */
  timing?: Partial<ConnectionTiming>;
}

/** What a feature that needs a server hears about a demo profile. */
export const DEMO_HAS_NO_SERVER_MESSAGE =
  'Demo data has no server behind it: it is generated on this computer. Publishing and reading from Redis need a Redis server; connect a profile for one.';

export class ConnectionRegistry {
  private readonly connections = new Map<string, ProfileConnection>();
  /** Demo profiles (no server, nothing to supervise) and the epoch ms each was opened; see openDemo. */
  private readonly demos = new Map<string, number>();
  private readonly timing: ConnectionTiming;

  constructor(private readonly options: ConnectionRegistryOptions) {
    this.timing = resolveTiming(options.timing);
  }

  /**
   * Starts connecting and returns the state right after (normally
   * 'connecting'). Opening an open profile with the same endpoint changes
   * nothing; with another endpoint the old connections close first.
   */
  open(profileId: string, endpoint: RedisEndpoint): ConnectionState {
    this.demos.delete(profileId);
    const existing = this.connections.get(profileId);
    if (existing?.isActive && isSameEndpoint(existing.endpoint, endpoint)) return existing.state;
    if (existing) void existing.close();
    const connection = new ProfileConnection({
      endpoint,
      timing: this.timing,
      onDidChangeState: (state) => {
        if (this.connections.get(profileId) === connection) this.options.onDidChangeState(profileId, state);
      },
      onDidReadFacts: (facts) => {
        if (this.connections.get(profileId) === connection) this.options.onDidReadFacts(profileId, facts);
      },
    });
    this.connections.set(profileId, connection);
    return connection.open();
  }

  /**
   * Opens a demo profile: no socket, no server. Its state is 'demo', never
   * 'ready', and the clients below stay undefined for it, so every feature
   * that needs a server takes its "not connected" path.
   */
  openDemo(profileId: string): ConnectionState {
    const existing = this.demos.get(profileId);
    if (existing !== undefined) return { state: 'demo', since: existing };
    const connection = this.connections.get(profileId);
    this.connections.delete(profileId);
    if (connection) void connection.close();
    const state: ConnectionState = { state: 'demo', since: Date.now() };
    this.demos.set(profileId, state.since);
    this.options.onDidChangeState(profileId, state);
    return state;
  }

  /** Closes all of the profile's connections; the state becomes 'closed' ('idle' if it was never opened). */
  async close(profileId: string): Promise<ConnectionState> {
    if (this.demos.delete(profileId)) {
      const closed: ConnectionState = { state: 'closed', since: Date.now() };
      this.options.onDidChangeState(profileId, closed);
      return closed;
    }
    const connection = this.connections.get(profileId);
    if (!connection) return { state: 'idle' };
    return connection.close();
  }

  stateOf(profileId: string): ConnectionState {
    const demoSince = this.demos.get(profileId);
    if (demoSince !== undefined) return { state: 'demo', since: demoSince };
    return this.connections.get(profileId)?.state ?? { state: 'idle' };
  }

  states(): Record<string, ConnectionState> {
    const states: Record<string, ConnectionState> = {};
    for (const [profileId, connection] of this.connections) states[profileId] = connection.state;
    for (const [profileId, since] of this.demos) states[profileId] = { state: 'demo', since };
    return states;
  }

  async readFacts(profileId: string): Promise<Result<ServerFacts>> {
    if (this.demos.has(profileId)) return noServer();
    const connection = this.connections.get(profileId);
    if (!connection) return notOpen();
    return connection.readFacts();
  }

  /** The profile's Sentinel group or Cluster as it is now; see topologyReader.ts. */
  async readTopology(profileId: string): Promise<Result<TopologyFacts>> {
    if (this.demos.has(profileId)) return noServer();
    const connection = this.connections.get(profileId);
    if (!connection) return notOpen();
    return connection.readTopology();
  }

  /**
   * PUBLISH (or SPUBLISH) on any topology, at most once (ProfileConnection.publish,
   * publishOnce.ts); the value is the number of receivers. Never queued, never re-sent.
   */
  async publish(profileId: string, channel: string, payload: Buffer, command: PublishCommand = 'publish'): Promise<Result<number>> {
    if (this.demos.has(profileId)) return noServer();
    const connection = this.connections.get(profileId);
    if (!connection) return notOpen();
    return connection.publish(channel, payload, command);
  }

  /** The ready command client of any topology (a Cluster client included), for publishing. */
  publishClient(profileId: string): LabwireClient | undefined {
    return this.connections.get(profileId)?.readyClient();
  }

  /** The ready command connection, for features that run their own commands. */
  commandClient(profileId: string): Redis | undefined {
    return this.connections.get(profileId)?.readyCommandClient();
  }

  /**
   * Where the bridges send their batch scripts (an EVAL whose PUBLISHes name
   * no key): the command connection of one server; on a Cluster a connection
   * of its own to one master, since a classic PUBLISH there reaches every
   * node. Undefined while not ready.
   */
  batchPublishClient(profileId: string): Redis | undefined {
    const connection = this.connections.get(profileId);
    if (connection?.endpoint.topology?.mode === 'cluster') return connection.laneClient('publisher');
    return connection?.readyCommandClient();
  }

  /**
   * The ready client of any topology: one server's for standalone and
   * Sentinel, the Cluster client (which routes each key to its slot's owner)
   * for Cluster. For features whose commands name their keys.
   */
  dataClient(profileId: string): LabwireClient | undefined {
    return this.connections.get(profileId)?.readyClient();
  }

  /** Sentinel profiles: the last master switch the connection followed, if any. */
  masterSwitchOf(profileId: string): SentinelSwitch | undefined {
    return this.connections.get(profileId)?.lastMasterSwitch;
  }

  /** The profile's subscriber connection, opened on first use while ready. */
  subscriberClient(profileId: string): Redis | undefined {
    return this.laneClient(profileId, 'subscriber');
  }

  /** The profile's connection for blocking stream reads, opened on first use while ready. */
  blockingClient(profileId: string): Redis | undefined {
    return this.laneClient(profileId, 'blocking');
  }

  /** Cluster profiles: a blocking-read connection to one node (a slot's owner), opened on first use while ready. */
  nodeBlockingClient(profileId: string, node: { host: string; port: number }): Redis | undefined {
    return this.connections.get(profileId)?.nodeLaneClient('blocking', node);
  }

  /** Cluster profiles while ready: where `slot`'s master is now, as last read; see ProfileConnection.clusterSlotOwner. */
  clusterSlotOwner(profileId: string, slot: number): NodeEndpoint | undefined {
    return this.connections.get(profileId)?.clusterSlotOwner(slot);
  }

  /** Cluster profiles: reads the slot map again. Resolves either way. */
  async refreshClusterSlots(profileId: string): Promise<void> {
    await this.connections.get(profileId)?.refreshClusterSlots();
  }

  /** Cluster profiles while ready: a new subscriber client of one node, owned and closed by the caller. */
  clusterNodeClient(profileId: string, node: NodeEndpoint): Redis | undefined {
    return this.connections.get(profileId)?.clusterNodeClient(node);
  }

  /** The profile's topology as configured: 'standalone' for demo and unknown profiles. */
  topologyModeOf(profileId: string): 'standalone' | 'sentinel' | 'cluster' {
    return this.connections.get(profileId)?.endpoint.topology?.mode ?? 'standalone';
  }

  /** The ready client of any topology (a Cluster client included), for readers that ask every node. */
  readyAnyClient(profileId: string): LabwireClient | undefined {
    return this.connections.get(profileId)?.readyClient();
  }

  async dispose(): Promise<void> {
    const connections = [...this.connections.values()];
    this.connections.clear();
    this.demos.clear();
    await Promise.all(connections.map((connection) => connection.close()));
  }

  private laneClient(profileId: string, role: LaneRole): Redis | undefined {
    return this.connections.get(profileId)?.laneClient(role);
  }
}

function noServer<T>(): Result<T> {
  return fail('NOT_CONNECTED', DEMO_HAS_NO_SERVER_MESSAGE);
}

function notOpen<T>(): Result<T> {
  return fail('NOT_CONNECTED', 'This connection is not open. Connect first.');
}
