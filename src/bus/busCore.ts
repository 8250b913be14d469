/**
 * The bus's composition root: builds the services every feature shares (the
 * profile store, the connections, every source as one router, what clients own),
 * builds the features from the one list (busFeatures.ts) and answers the
 * contract's requests through their handlers. It names no feature: adding
 * one touches busFeatures.ts only. It runs on the bus worker thread (see
 * busWorker.ts) and, in tests, inline.
 */
import type { MessagePort } from 'node:worker_threads';
import { portProcessesFromHost } from './bridges/serial/portProcess';
import { HOST_CLIENT_ID, type BusEvent, type BusToHostMessage, type ClientId, type HostKind, type RequestMethod, type SecretStorageStatus } from '../shared/contract';
import { encodeOutgoingFrame, type OutgoingFrame } from '../shared/busMessageCodec';
import { fail, type Result } from '../shared/result';
import { validateRequest } from '../shared/requestValidation';
import type { AnyBusFeature, BusServices, Handlers } from './busFeature';
import { createBusFeatures } from './busFeatures';
import { ClientResources, type OwnedResource } from './clientResources';
import { ConnectionRegistry } from './connections/connectionRegistry';
import { ProfileStore } from './profiles/profileStore';
import { loadOrCreateKeyFile, SecretBox } from './secrets/secretBox';
import { BridgeSource } from './sources/bridge/bridgeSource';
import { DemoSource } from './sources/demo/demoSource';
import { SubscriptionHub } from './sources/redisPubsub/subscriptionHub';
import { SourceRouter } from './sources/sourceRouter';
import { StreamTail } from './sources/redisStream/streamTail';
import { ShardedChannels } from './sources/redisShard/shardedChannels';

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
  /** The desktop host's port for starting serial port processes (bridges/serial/portProcess.ts); absent under plain Node. */
  portProcesses?: MessagePort | undefined;
}

export class BusCore {
  private constructor(
    private readonly features: readonly AnyBusFeature[],
    private readonly handlers: Handlers,
    private readonly resources: ClientResources,
  ) {}

  static async create(options: BusCoreOptions): Promise<BusCore> {
    const emitEvent = (event: BusEvent): void => options.emit({ kind: 'event', event });
    const { box, status } = await openSecretBox(options);
    const profiles = await ProfileStore.open(options.dataDir, box);
    // The sources follow connection states to resubscribe and to mark gaps; they exist before the first state change.
    let sources: SourceRouter | null = null;
    const connections = new ConnectionRegistry({
      onDidChangeState: (profileId, state) => {
        sources?.handleConnectionState(profileId, state);
        emitEvent({ type: 'connection:state', profileId, state });
      },
      onDidReadFacts: (profileId, facts) => emitEvent({ type: 'connection:facts', profileId, facts }),
    });
    // The two sources Labwire fills itself: features hold their input ends (services.sourceInputs), lanes and plots the router.
    const bridgeSource = new BridgeSource();
    const demo = new DemoSource();
    // Lanes and plots see only the router: a new kind of source is a field and a case there, one line here.
    sources = new SourceRouter({
      redisPubsub: new SubscriptionHub(connections),
      redisStream: new StreamTail(connections),
      redisShard: new ShardedChannels(connections),
      bridge: bridgeSource,
      demo: { source: demo, isDemoProfile: (profileId) => profiles.get(profileId)?.isDemo === true },
    });
    // Frames leave the bus written as bytes, so the host thread never walks their messages.
    const emitFrame = (frame: OutgoingFrame): void => {
      const bytes = encodeOutgoingFrame(frame);
      const messageCount = frame.kind === 'feed' ? frame.messages.count : 0;
      options.emit({ kind: 'encodedFrame', frameKind: frame.kind, profileId: frame.profileId, messageCount, bytes }, [bytes.buffer as ArrayBuffer]);
    };
    let features: readonly AnyBusFeature[] = [];
    const services: BusServices = {
      host: {
        kind: options.host,
        appVersion: options.appVersion,
        dataDir: options.dataDir,
        secretStorage: status,
        ...(options.portProcesses ? { portProcesses: portProcessesFromHost(options.portProcesses) } : {}),
      },
      profiles,
      connections,
      sources,
      sourceInputs: { bridge: bridgeSource, demo },
      resources: new ClientResources(),
      emitEvent,
      emitFrame,
      closeProfileFeatures: (profileId) => {
        for (const feature of features) feature.closeProfile?.(profileId);
      },
    };
    const joined = createBusFeatures(services);
    features = joined.features;
    return new BusCore(features, joined.handlers, services.resources);
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
    const reportFailure = (error: unknown): void =>
      console.error(`[labwire bus] Releasing what a closed window left open failed: ${error instanceof Error ? error.message : String(error)}`);
    this.resources.releaseClient(clientId, reportFailure);
    for (const feature of this.features) {
      try {
        feature.releaseClient?.(clientId);
      } catch (error) {
        reportFailure(error);
      }
    }
  }

  /** What `clientId` owns now (diagnostics and tests). */
  ownedBy(clientId: ClientId): OwnedResource[] {
    return this.resources.ownedBy(clientId);
  }

  /** Each feature and the methods it answers, in list order (diagnostics and tests). */
  describeFeatures(): Array<{ name: string; methods: RequestMethod[] }> {
    return this.features.map((feature) => ({ name: feature.name, methods: Object.keys(feature.handlers) as RequestMethod[] }));
  }

  async dispose(): Promise<void> {
    for (const feature of this.features) await feature.dispose?.();
  }
}

async function openSecretBox(options: BusCoreOptions): Promise<{ box: SecretBox | null; status: SecretStorageStatus }> {
  const source = options.keySource;
  if (source.kind === 'none') return { box: null, status: { state: 'unavailable', reason: source.reason } };
  if (source.kind === 'key') return { box: new SecretBox(source.key), status: { state: 'protected', mechanism: source.mechanism } };
  const key = await loadOrCreateKeyFile(options.dataDir);
  return { box: new SecretBox(key), status: { state: 'protected', mechanism: 'a key file readable only by you (mode 0600) in the data folder' } };
}
