/**
 * The bus's composition root: owns the profile store, the connections, the
 * managed local Redis and the simulators, and answers the contract's requests.
 * It runs on the bus worker thread (see busWorker.ts) and, in tests, inline.
 */
import {
  HOST_CLIENT_ID,
  type BusEvent,
  type BusToHostMessage,
  type ClientId,
  type HelloInfo,
  type HostKind,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type SecretStorageStatus,
} from '../shared/contract';
import { encodeOutgoingFrame, type OutgoingFrame } from '../shared/busMessageCodec';
import { fail, ok, type Result } from '../shared/result';
import { validateRequest } from '../shared/requestValidation';
import { ClientResources, type OwnedResource } from './clientResources';
import { ConnectionRegistry } from './connections/connectionRegistry';
import { testConnection } from './connections/testConnection';
import { LocalRedisServer } from './localRedis/localRedisServer';
import { ProfileStore } from './profiles/profileStore';
import { loadOrCreateKeyFile, SecretBox } from './secrets/secretBox';
import { PlotService } from './plots/plotService';
import { CommandPublisher } from './publish/commandPublisher';
import { LiveChannels } from './feed/liveChannels';
import { SubscriptionHub } from './sources/redisPubsub/subscriptionHub';
import { SourceRouter } from './sources/sourceRouter';
import { LabSimulator } from './simulator/labSimulator';

/** Where the key that seals profile secrets comes from. */
export type DataKeySource =
  /** Desktop: the host unsealed the data key with the OS keychain (safeStorage). */
  | { kind: 'key'; key: Uint8Array; mechanism: string }
  /** Serve: a key file with mode 0600 in the data directory, created on first use. */
  | { kind: 'keyFile' }
  /** No safe place for secrets: passwords live in memory for this session only. */
  | { kind: 'none'; reason: string };

export interface BusCoreOptions {
  host: HostKind;
  appVersion: string;
  dataDir: string;
  keySource: DataKeySource;
  /** Sends an event or frame to the host; `transfer` lists buffers to move, not copy, across the thread boundary. */
  emit(message: BusToHostMessage, transfer?: ArrayBuffer[]): void;
}

/** Each handler learns which client asked (host-assigned), for what that client opens or may touch. */
type Handlers = { [M in RequestMethod]: (params: RequestParams<M>, clientId: ClientId) => Promise<Result<RequestResult<M>>> };

const PLOT_NOT_OPEN_MESSAGE = 'That plot is no longer open.';

export class BusCore {
  private readonly simulators = new Map<string, LabSimulator>();
  private readonly handlers: Handlers;

  private constructor(
    private readonly options: BusCoreOptions,
    private readonly secretStorage: SecretStorageStatus,
    private readonly profiles: ProfileStore,
    private readonly connections: ConnectionRegistry,
    private readonly localRedis: LocalRedisServer,
    private readonly hub: SubscriptionHub,
    private readonly liveChannels: LiveChannels,
    private readonly publisher: CommandPublisher,
    private readonly plots: PlotService,
    private readonly resources: ClientResources,
  ) {
    this.handlers = this.createHandlers();
  }

  static async create(options: BusCoreOptions): Promise<BusCore> {
    const emitEvent = (event: BusEvent): void => options.emit({ kind: 'event', event });
    const { box, status } = await openSecretBox(options);
    const profiles = await ProfileStore.open(options.dataDir, box);
    // The hub follows connection states to resubscribe and to mark gaps; it exists before the first state change.
    let hub: SubscriptionHub | null = null;
    const connections = new ConnectionRegistry({
      onDidChangeState: (profileId, state) => {
        hub?.handleConnectionState(profileId, state);
        emitEvent({ type: 'connection:state', profileId, state });
      },
      onDidReadFacts: (profileId, facts) => emitEvent({ type: 'connection:facts', profileId, facts }),
    });
    hub = new SubscriptionHub(connections);
    // Lanes and plots see only the router: a new kind of source is a case there, not a change here.
    const sources = new SourceRouter({ redisPubsub: hub });
    // Frames leave the bus written as bytes, so the host thread never walks their messages.
    const emitFrame = (frame: OutgoingFrame): void => {
      const bytes = encodeOutgoingFrame(frame);
      const messageCount = frame.kind === 'feed' ? frame.messages.count : 0;
      options.emit({ kind: 'encodedFrame', frameKind: frame.kind, profileId: frame.profileId, messageCount, bytes }, [bytes.buffer as ArrayBuffer]);
    };
    const liveChannels = new LiveChannels({ source: sources, connections, emitFrame });
    const publisher = new CommandPublisher({
      connections,
      dataDir: options.dataDir,
      profileOf: (profileId) => profiles.get(profileId),
      ownReceiversOf: (profileId, channel) => hub?.ownReceiversOf(profileId, channel) ?? 0,
    });
    const resources = new ClientResources();
    const plots = new PlotService({ source: sources, emitFrame, onDidClosePlot: (plotId) => resources.forget(plotResource(plotId)) });
    const localRedis = new LocalRedisServer({
      dataDir: options.dataDir,
      onDidChangeStatus: (localStatus) => emitEvent({ type: 'localRedis:status', status: localStatus }),
    });
    return new BusCore(options, status, profiles, connections, localRedis, hub, liveChannels, publisher, plots, resources);
  }

  /**
   * Answers one request as it arrived from another thread or process, on
   * behalf of `clientId` (named by the host). Never throws.
   */
  async handle(method: unknown, params: unknown, clientId: ClientId = HOST_CLIENT_ID): Promise<Result<unknown>> {
    const valid = validateRequest(method, params);
    if (!valid.ok) return valid;
    try {
      const handler = this.handlers[valid.value.method] as (p: unknown, c: ClientId) => Promise<Result<unknown>>;
      return await handler(valid.value.params, clientId);
    } catch (error) {
      return fail('INTERNAL', 'Labwire hit an unexpected problem. The console keeps running; details are in the log.', {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** The host says `clientId` is gone: everything it opened is released. Never throws. */
  releaseClient(clientId: ClientId): void {
    this.resources.releaseClient(clientId, (error) =>
      console.error(`[labwire bus] Releasing what a closed window left open failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** What `clientId` owns now (diagnostics and tests). */
  ownedBy(clientId: ClientId): OwnedResource[] {
    return this.resources.ownedBy(clientId);
  }

  async dispose(): Promise<void> {
    for (const simulator of this.simulators.values()) simulator.stop();
    this.simulators.clear();
    this.plots.dispose();
    this.liveChannels.dispose();
    this.hub.dispose();
    await this.publisher.dispose();
    await this.connections.dispose();
    await this.localRedis.stop();
  }

  private emitEvent(event: BusEvent): void {
    this.options.emit({ kind: 'event', event });
  }

  private emitProfilesChanged(): void {
    this.emitEvent({ type: 'profiles:changed', profiles: this.profiles.list() });
  }

  private createHandlers(): Handlers {
    return {
      'system:hello': async () => ok<HelloInfo>(this.hello()),
      'profiles:list': async () => ok(this.profiles.list()),
      'profiles:save': async (draft) => this.afterProfilesChange(await this.profiles.save(draft)),
      'profiles:duplicate': async ({ id }) => this.afterProfilesChange(await this.profiles.duplicate(id)),
      'profiles:delete': async ({ id }) => {
        this.simulators.get(id)?.stop();
        this.simulators.delete(id);
        this.closeProfileFeatures(id);
        await this.connections.close(id);
        return this.afterProfilesChange(await this.profiles.delete(id));
      },
      'profiles:export': async ({ ids }) => this.profiles.exportJson(ids),
      'profiles:import': async ({ json }) => this.afterProfilesChange(await this.profiles.importJson(json)),
      'connection:open': async ({ profileId }) => {
        const endpoint = this.profiles.endpointFor(profileId);
        if (!endpoint.ok) return endpoint;
        return ok(this.connections.open(profileId, endpoint.value));
      },
      'connection:close': async ({ profileId }) => {
        this.simulators.get(profileId)?.stop();
        this.closeProfileFeatures(profileId);
        return ok(await this.connections.close(profileId));
      },
      'connection:test': async ({ draft }) => {
        const endpoint = this.profiles.endpointForDraft(draft);
        if (!endpoint.ok) return endpoint;
        return testConnection(endpoint.value);
      },
      'connection:facts': async ({ profileId }) => this.connections.readFacts(profileId),
      'connection:states': async () => ok(this.connections.states()),
      'localRedis:start': async () => {
        const started = await this.localRedis.start(this.profiles.managedLocalPassword());
        if (!started.ok) return started;
        const profile = await this.profiles.upsertManagedLocal(started.value.port, started.value.password);
        this.emitProfilesChanged();
        return ok({ profile, status: this.localRedis.status() });
      },
      'localRedis:stop': async () => ok(await this.localRedis.stop()),
      'simulator:start': async ({ profileId, options }) => {
        const profile = this.profiles.get(profileId);
        if (!profile) return fail('NOT_FOUND', 'That connection profile no longer exists.');
        if (profile.isReadOnly)
          return fail('READ_ONLY', `"${profile.name}" is read-only, so Labwire will not publish demo traffic to it.`);
        return ok(this.simulatorFor(profileId).start(options));
      },
      'simulator:stop': async ({ profileId }) => ok(this.simulators.get(profileId)?.stop() ?? { state: 'stopped' }),
      'simulator:status': async ({ profileId }) => ok(this.simulators.get(profileId)?.status() ?? { state: 'stopped' }),
      'lanes:add': async ({ profileId, target, decoder }) => this.liveChannels.addLane(profileId, target, decoder),
      'lanes:remove': async ({ profileId, laneId }) => this.liveChannels.removeLane(profileId, laneId),
      'lanes:update': async ({ profileId, laneId, patch }) => this.liveChannels.updateLane(profileId, laneId, patch),
      'lanes:list': async ({ profileId }) => ok(this.liveChannels.lanes(profileId)),
      'channels:discover': async ({ profileId, pattern }) => this.liveChannels.discover(profileId, pattern),
      'feed:message': async ({ profileId, seq }) => this.liveChannels.messageDetail(profileId, seq),
      'feed:recent': async ({ profileId, beforeSeq, limit }) => this.liveChannels.recent(profileId, beforeSeq, limit),
      'publish:send': async (request) => this.publisher.publish(request),
      'publish:history': async ({ profileId }) => ok(this.publisher.history(profileId)),
      'plots:open': async ({ profileId, spec }, clientId) =>
        this.plots.open(profileId, spec, (plotId) => this.resources.claim(clientId, plotResource(plotId), () => this.plots.close(plotId))),
      // A plot is its opener's: another client is answered as if it did not exist, and closing it does nothing.
      'plots:update': async ({ plotId, spec }, clientId) =>
        this.ownsPlot(clientId, plotId) ? this.plots.update(plotId, spec) : fail('NOT_FOUND', PLOT_NOT_OPEN_MESSAGE),
      'plots:close': async ({ plotId }, clientId) => (this.ownsPlot(clientId, plotId) ? this.plots.close(plotId) : ok({ plotId })),
      'plots:keyframe': async ({ plotId }, clientId) =>
        this.ownsPlot(clientId, plotId) ? this.plots.requestKeyframe(plotId) : fail('NOT_FOUND', PLOT_NOT_OPEN_MESSAGE),
      'plots:range': async ({ plotId, fromMs, toMs, pixelWidth }, clientId) =>
        this.ownsPlot(clientId, plotId) ? this.plots.range(plotId, fromMs, toMs, pixelWidth) : fail('NOT_FOUND', PLOT_NOT_OPEN_MESSAGE),
      'plots:paths': async ({ profileId, channel }) => ok(this.plots.describeChannel(profileId, channel)),
      'plots:streams': async ({ profileId }) => ok(this.plots.offeredStreams(profileId)),
    };
  }

  private ownsPlot(clientId: ClientId, plotId: string): boolean {
    return this.resources.isOwnedBy(clientId, plotResource(plotId));
  }

  /** Lanes and plots of a profile end with its connection. */
  private closeProfileFeatures(profileId: string): void {
    this.plots.closeProfile(profileId);
    this.liveChannels.closeProfile(profileId);
    this.hub.closeProfile(profileId);
  }

  private hello(): HelloInfo {
    return {
      appVersion: this.options.appVersion,
      host: this.options.host,
      dataDir: this.options.dataDir,
      secretStorage: this.secretStorage,
      localRedis: this.localRedis.status(),
    };
  }

  private afterProfilesChange<T>(result: Result<T>): Result<T> {
    if (result.ok) this.emitProfilesChanged();
    return result;
  }

  private simulatorFor(profileId: string): LabSimulator {
    let simulator = this.simulators.get(profileId);
    if (!simulator) {
      simulator = new LabSimulator({
        publish: (channel, payload) => this.connections.publish(profileId, channel, payload),
        onDidChangeStatus: (status) => this.emitEvent({ type: 'simulator:status', profileId, status }),
      });
      this.simulators.set(profileId, simulator);
    }
    return simulator;
  }
}

function plotResource(plotId: string): OwnedResource {
  return { kind: 'plot', id: plotId };
}

async function openSecretBox(options: BusCoreOptions): Promise<{ box: SecretBox | null; status: SecretStorageStatus }> {
  const source = options.keySource;
  if (source.kind === 'none') return { box: null, status: { state: 'unavailable', reason: source.reason } };
  if (source.kind === 'key') return { box: new SecretBox(source.key), status: { state: 'protected', mechanism: source.mechanism } };
  const key = await loadOrCreateKeyFile(options.dataDir);
  return { box: new SecretBox(key), status: { state: 'protected', mechanism: 'a key file readable only by you (mode 0600) in the data folder' } };
}
