/**
 * Every profile's bridges in the bus: loaded from the store on first use,
 * saved after each change (one write at a time per profile), started and
 * stopped. The runtimes publish through the profile's connection and
 * deliver to the bridge source; a read-only profile's bridges run receive-only.
 */
import { randomBytes } from 'node:crypto';
import { MAX_BRIDGES_PER_PROFILE, type BridgeConfig, type BridgeDraft, type BridgeView } from '../../shared/bridges';
import { fail, ok, type Result } from '../../shared/result';
import type { BusServices } from '../busFeature';
import type { BridgeLink } from './bridgeLink';
import { viewOf, type BridgeEntry } from './bridgeEntry';
import { BridgeRuntime, type BridgeRuntimeHost } from './bridgeRuntime';
import type { BridgeStore } from './bridgeStore';
import { validateBridgeDraft } from './bridgeValidation';
import { BatchPublisher } from './batchPublisher';

export const RECEIVE_ONLY_READ_ONLY = 'receive-only: the profile is read-only';
/** How long a runtime trusts what it last read of the profile (read-only), so records do not each copy the profile. */
const PROFILE_FLAG_MAX_AGE_MS = 250;

type ProfileEntries = Map<string, BridgeEntry>;

export class BridgeBook {
  private readonly profiles = new Map<string, Promise<ProfileEntries>>();
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly services: BusServices,
    private readonly store: BridgeStore,
    private readonly createLink: (config: BridgeConfig) => BridgeLink,
  ) {}

  async list(profileId: string): Promise<Result<BridgeView[]>> {
    const entries = await this.entriesOf(profileId);
    if (!entries.ok) return entries;
    return ok([...entries.value.values()].map((entry) => this.viewOf(profileId, entry)));
  }

  /** The bridge's name, or null when the profile has no such bridge. */
  async nameOf(profileId: string, bridgeId: string): Promise<string | null> {
    const entries = await this.entriesOf(profileId);
    return entries.ok ? (entries.value.get(bridgeId)?.config.name ?? null) : null;
  }

  async save(profileId: string, draft: BridgeDraft): Promise<Result<BridgeView>> {
    const entries = await this.entriesOf(profileId);
    if (!entries.ok) return entries;
    const valid = validateBridgeDraft(draft);
    if (!valid.ok) return valid;
    const existing = draft.id === undefined ? undefined : entries.value.get(draft.id);
    if (draft.id !== undefined && !existing) return bridgeNotFound();
    if (!existing && entries.value.size >= MAX_BRIDGES_PER_PROFILE) {
      return fail('INVALID', `A profile can have at most ${MAX_BRIDGES_PER_PROFILE} bridges. Remove one first.`);
    }
    const config = { ...structuredClone(draft), id: existing?.config.id ?? newBridgeId(draft.name) } as BridgeConfig;
    const previousName = existing?.config.name;
    const entry: BridgeEntry = existing ?? { config, isPaused: false, runtime: null, isRunning: false, hasStartedWithProfile: false };
    entry.config = config;
    entries.value.set(config.id, entry);
    const saved = await this.persist(profileId, entries.value);
    if (!saved.ok) return saved;
    if (previousName !== undefined && previousName !== config.name) this.services.sourceInputs.bridge.renameBridge(profileId, config.id, config.name);
    // A running bridge restarts with its new settings; a new one starts at once when it starts with a profile that is already receiving.
    const shouldStart = existing ? entry.isRunning : config.shouldStartWithProfile && this.isReceiving(profileId);
    if (existing && entry.isRunning) await this.stopEntry(entry);
    if (shouldStart) this.startEntry(profileId, entry);
    if (!existing && shouldStart) entry.hasStartedWithProfile = true;
    return ok(this.viewOf(profileId, entry));
  }

  async remove(profileId: string, bridgeId: string): Promise<Result<{ bridgeId: string }>> {
    const entries = await this.entriesOf(profileId);
    if (!entries.ok) return entries;
    const entry = entries.value.get(bridgeId);
    if (!entry) return bridgeNotFound();
    entries.value.delete(bridgeId);
    await this.stopEntry(entry);
    this.services.sourceInputs.bridge.forgetBridge(profileId, bridgeId);
    const saved = await this.persist(profileId, entries.value);
    if (!saved.ok) return saved;
    return ok({ bridgeId });
  }

  async start(profileId: string, bridgeId: string): Promise<Result<BridgeView>> {
    return this.withEntry(profileId, bridgeId, (entry) => {
      if (!entry.isRunning) this.startEntry(profileId, entry);
    });
  }

  async stop(profileId: string, bridgeId: string): Promise<Result<BridgeView>> {
    return this.withEntry(profileId, bridgeId, (entry) => this.stopEntry(entry));
  }

  async pause(profileId: string, bridgeId: string, isPaused: boolean): Promise<Result<BridgeView>> {
    return this.withEntry(profileId, bridgeId, (entry) => {
      entry.isPaused = isPaused;
      entry.runtime?.setPaused(isPaused);
    });
  }

  /** The profile's connection became ready (or its demo began): start what starts with it, publish what waited. */
  async handleReceiving(profileId: string): Promise<void> {
    if (!this.services.profiles.get(profileId)) return;
    const entries = await this.entriesOf(profileId);
    if (!entries.ok) return;
    for (const entry of entries.value.values()) {
      if (entry.isRunning) entry.runtime?.handleConnectionReady();
      else if (entry.config.shouldStartWithProfile && !entry.hasStartedWithProfile) {
        entry.hasStartedWithProfile = true;
        this.startEntry(profileId, entry);
      }
    }
  }

  /** Stops the profile's bridges and forgets them until they are next asked for. */
  async closeProfile(profileId: string): Promise<void> {
    const loading = this.profiles.get(profileId);
    this.profiles.delete(profileId);
    if (!loading) return;
    const entries = await loading;
    await Promise.all([...entries.values()].map((entry) => this.stopEntry(entry)));
  }

  /** The profile was deleted: its bridges' file goes too. */
  async forgetProfile(profileId: string): Promise<void> {
    await this.closeProfile(profileId);
    await this.writes.get(profileId);
    await this.store.remove(profileId);
  }

  async dispose(): Promise<void> {
    const profileIds = [...this.profiles.keys()];
    await Promise.all(profileIds.map((profileId) => this.closeProfile(profileId)));
    await Promise.all([...this.writes.values()]);
  }

  private async withEntry(profileId: string, bridgeId: string, change: (entry: BridgeEntry) => void | Promise<void>): Promise<Result<BridgeView>> {
    const entries = await this.entriesOf(profileId);
    if (!entries.ok) return entries;
    const entry = entries.value.get(bridgeId);
    if (!entry) return bridgeNotFound();
    await change(entry);
    return ok(this.viewOf(profileId, entry));
  }

  private startEntry(profileId: string, entry: BridgeEntry): void {
    let link: BridgeLink;
    try {
      link = this.createLink(entry.config);
    } catch (error) {
      // A kind this build cannot open: the bridge shows it as failed instead of the request failing.
      link = failedLink(entry.config, error instanceof Error ? error.message : String(error));
    }
    const runtime = new BridgeRuntime({ config: entry.config, link, host: this.runtimeHost(profileId, entry.config.id, entry.config.name) });
    runtime.setPaused(entry.isPaused);
    entry.runtime = runtime;
    entry.isRunning = true;
    runtime.start();
  }

  private async stopEntry(entry: BridgeEntry): Promise<void> {
    entry.isRunning = false;
    await entry.runtime?.stop();
  }

  /** A renamed bridge restarts (save), so its host is made again with the new name. */
  private runtimeHost(profileId: string, bridgeId: string, bridgeName: string): BridgeRuntimeHost {
    const { connections, sources, sourceInputs } = this.services;
    const publisher = new BatchPublisher();
    let reason: string | null = null;
    let reasonReadAt = Number.NEGATIVE_INFINITY;
    return {
      canPublish: () => connections.stateOf(profileId).state === 'ready',
      publishBatch: (records) => publisher.publish(connections.batchPublishClient(profileId), records),
      receiveOnlyReason: () => {
        const now = Date.now();
        if (now - reasonReadAt > PROFILE_FLAG_MAX_AGE_MS) {
          reason = this.receiveOnlyReason(profileId);
          reasonReadAt = now;
        }
        return reason;
      },
      hasLaneConsumers: () => sourceInputs.bridge.hasConsumers(profileId, bridgeId),
      deliverToLanes: (message) => sourceInputs.bridge.deliver(profileId, bridgeId, message),
      subscribeCommands: (channel, onCommand) => {
        const subscription = sources.subscribe(profileId, { kind: 'channel', name: channel }, (message) => onCommand(Buffer.from(message.payload)));
        const stopListing = sourceInputs.bridge.listCommandListener(profileId, channel, bridgeName);
        return () => {
          stopListing();
          void subscription.unsubscribe();
        };
      },
    };
  }

  private receiveOnlyReason(profileId: string): string | null {
    return this.services.profiles.get(profileId)?.isReadOnly === true ? RECEIVE_ONLY_READ_ONLY : null;
  }

  private viewOf(profileId: string, entry: BridgeEntry): BridgeView {
    return viewOf(entry, this.receiveOnlyReason(profileId), Date.now());
  }

  private isReceiving(profileId: string): boolean {
    return this.services.sources.receivingState(profileId).state === 'ready';
  }

  private async entriesOf(profileId: string): Promise<Result<ProfileEntries>> {
    if (!this.services.profiles.get(profileId)) return fail('NOT_FOUND', 'That connection profile no longer exists.');
    let loading = this.profiles.get(profileId);
    if (!loading) {
      loading = this.store.load(profileId).then(({ bridges, problems }) => {
        for (const problem of problems) console.warn(`[labwire bus] ${problem}`);
        return new Map(bridges.map((config) => [config.id, { config, isPaused: false, runtime: null, isRunning: false, hasStartedWithProfile: false }]));
      });
      this.profiles.set(profileId, loading);
    }
    return ok(await loading);
  }

  private async persist(profileId: string, entries: ProfileEntries): Promise<Result<void>> {
    const configs = [...entries.values()].map((entry) => entry.config);
    const previous = this.writes.get(profileId) ?? Promise.resolve();
    const write = previous.then(() => this.store.save(profileId, configs));
    const settled = write.catch(() => undefined);
    this.writes.set(profileId, settled);
    try {
      await write;
      return ok(undefined);
    } catch (error) {
      return fail('INTERNAL', 'The bridges could not be saved to the data folder.', { detail: error instanceof Error ? error.message : String(error) });
    } finally {
      if (this.writes.get(profileId) === settled) this.writes.delete(profileId);
    }
  }
}

function bridgeNotFound<T>(): Result<T> {
  return fail('NOT_FOUND', 'That bridge no longer exists. It may have been removed in another window.');
}

/** Readable ids ("incubator-board-3f9a0c"): a lane's name shows the id. */
function newBridgeId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug === '' ? 'bridge' : slug}-${randomBytes(3).toString('hex')}`;
}

/** A link that never opens, for a kind this build cannot open. */
function failedLink(config: BridgeConfig, reason: string): BridgeLink {
  const status = { state: 'failed' as const, endpoint: config.kind, detail: `This bridge cannot run: ${reason}` };
  return {
    start: () => undefined,
    stop: async () => undefined,
    status: () => status,
    onDidChangeStatus: () => () => undefined,
    onData: () => () => undefined,
    write: async () => fail('NOT_CONNECTED', 'The device is not open.'),
  };
}
