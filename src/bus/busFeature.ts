/**
 * The seam every feature's bus part plugs into. A feature (live channels,
 * plots, publishing, ...) answers the requests of its contract slice and
 * takes part in the bus's life through a few optional hooks; BusCore loops
 * over the features and knows none of them by name.
 */
import type { BusEvent, ClientId, HostKind, RequestMethod, RequestParams, RequestResult, SecretStorageStatus } from '../shared/contract';
import type { OutgoingFrame } from '../shared/busMessageCodec';
import type { Result } from '../shared/result';
import type { ClientResources } from './clientResources';
import type { ConnectionRegistry } from './connections/connectionRegistry';
import type { ProfileStore } from './profiles/profileStore';
import type { PortProcessLauncher } from './bridges/serial/portProcess';
import type { BridgeInput } from './sources/bridge/bridgeSource';
import type { DemoInput } from './sources/demo/demoSource';
import type { SourceRouter } from './sources/sourceRouter';

/** Each handler learns which client asked (host-assigned), for what that client opens or may touch. */
export type RequestHandler<M extends RequestMethod> = (params: RequestParams<M>, clientId: ClientId) => Promise<Result<RequestResult<M>>>;

/** One handler for each of these methods: the compiler refuses a missing one. */
export type Handlers<M extends RequestMethod = RequestMethod> = { [K in M]: RequestHandler<K> };

/** A feature's bus part: `M` is the methods of its contract slice (`keyof typeof PLOTS_REQUESTS`). */
export interface BusFeature<M extends RequestMethod = never> {
  /** Names the feature in diagnostics and tests. */
  readonly name: string;
  readonly handlers: Handlers<M>;
  /** The profile's connection is closing or the profile is deleted: drop what was opened on it. Called before the connection closes. */
  closeProfile?(profileId: string): void;
  /** The host says the client is gone: release what the feature keeps for it beyond its ClientResources claims. */
  releaseClient?(clientId: ClientId): void;
  /** The bus stops. Features are disposed in the order of the feature list. */
  dispose?(): void | Promise<void>;
}

/** Who runs the bus, where its data lives and how its secrets are kept (what system:hello reports), and what the host lends the bus. */
export interface BusHost {
  kind: HostKind;
  appVersion: string;
  dataDir: string;
  secretStorage: SecretStorageStatus;
  /** The desktop host's way to start serial port processes (Electron's utilityProcess); absent under plain Node, where the bus forks them. */
  portProcesses?: PortProcessLauncher;
}

/**
 * The input ends of the two sources Labwire fills itself. Lanes and plots
 * reach these sources through `sources` like any other; only the feature
 * that produces their messages holds the input end.
 */
export interface SourceInputs {
  /** The bridges feature delivers each device record and lists its command listeners (sources/bridge/). */
  bridge: BridgeInput;
  /** The simulator delivers demo data for demo profiles (sources/demo/). */
  demo: DemoInput;
}

/** What the bus core hands every feature when it builds them. */
export interface BusServices {
  host: BusHost;
  profiles: ProfileStore;
  connections: ConnectionRegistry;
  /**
   * Every source as one (sources/sourceRouter.ts): where lanes and plots get
   * messages, what publishing asks for Labwire's own receivers, and what the
   * feature list closes per profile after everything that reads it.
   */
  sources: SourceRouter;
  sourceInputs: SourceInputs;
  /** What each client opened, released when it goes (plots now; tails, relays, recordings later). */
  resources: ClientResources;
  emitEvent(event: BusEvent): void;
  /** Writes a frame as bytes and sends it to the host, its buffer transferred. */
  emitFrame(frame: OutgoingFrame): void;
  /** Runs every feature's closeProfile, in list order (the connection itself is the caller's to close). */
  closeProfileFeatures(profileId: string): void;
}

/** A feature as the core holds it, whatever its methods. */
export type AnyBusFeature = Omit<BusFeature, 'handlers'> & { readonly handlers: Partial<Handlers> };

type MethodsOf<F> = F extends { handlers: infer H } ? keyof H : never;
type UnhandledMethods<F extends readonly AnyBusFeature[]> = Exclude<RequestMethod, MethodsOf<F[number]>>;

/**
 * The features as one list and one handler table. The compiler refuses a
 * list that leaves a method without a handler (it names the method); the
 * featureSeam unit test checks that no method has two.
 */
export function joinFeatures<const F extends readonly AnyBusFeature[]>(
  features: F & ([UnhandledMethods<F>] extends [never] ? unknown : { missingHandlersFor: UnhandledMethods<F> }),
): { features: readonly AnyBusFeature[]; handlers: Handlers } {
  const handlers = Object.create(null) as Record<string, unknown>;
  for (const feature of features) {
    for (const [method, handler] of Object.entries(feature.handlers)) handlers[method] = handler;
  }
  // Complete by the compile-time check on `features` above.
  return { features, handlers: handlers as Handlers };
}
