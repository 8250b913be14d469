/**
 * What the operator set up on the Plots tab, per profile: which EEG views
 * are open and shown, their filters, window, scale, lanes and spectrum
 * switch, the telemetry charts added and each chart's window and time
 * source. It lives above the tabs, so leaving the Plots tab forgets
 * nothing, and it is written to storage (localStorage in the page, keyed
 * by profile id; no secrets in it), so a reload restores it.
 *
 * A subscribe/snapshot store for React's useSyncExternalStore: every change
 * makes a new snapshot object for that profile only.
 */
import { DEFAULT_EEG_FILTERS, EEG_SCALE_MICROVOLTS_PER_DIVISION, type EegFilterSettings, type SampleTimeSource } from '../../../../shared/plots';
import type { LaneDisplaySettings, ScaleChoice } from './eegLaneLayout';
import type { TelemetryChartDefinition } from './TelemetryView';
import type { LaneTarget } from '../../../../shared/liveChannels';

export interface EegViewSettings {
  windowSeconds: number;
  filters: EegFilterSettings;
  timeSource: SampleTimeSource;
  scale: ScaleChoice;
  laneSettings: LaneDisplaySettings;
  isSpectrumShown: boolean;
  /** The lane the spectrum shows; '' for the mean of all shown lanes. */
  spectrumLane: string;
}

export interface TelemetryChartSettings {
  windowSeconds: number;
  timeSource: SampleTimeSource;
}

export interface PlotSetup {
  /** EEG channels opened by name (not offered from traffic), in the order opened. */
  openedChannels: readonly string[];
  /** Whether each EEG view is shown; a channel not listed follows the default (the first one shown). */
  eegShown: Readonly<Record<string, boolean>>;
  eegSettings: Readonly<Record<string, EegViewSettings>>;
  customCharts: readonly TelemetryChartDefinition[];
  /** By chart key (offered and custom). */
  chartSettings: Readonly<Record<string, TelemetryChartSettings>>;
  nextChartNumber: number;
}

/** What the store needs of localStorage; tests pass a FakeStorage. */
export interface SetupStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const DEFAULT_EEG_SETTINGS: EegViewSettings = {
  windowSeconds: 10,
  filters: DEFAULT_EEG_FILTERS,
  timeSource: 'message',
  scale: 'auto',
  laneSettings: { order: [], lanes: {} },
  isSpectrumShown: true,
  spectrumLane: '',
};
export const DEFAULT_CHART_SETTINGS: TelemetryChartSettings = { windowSeconds: 60, timeSource: 'message' };
export const EMPTY_SETUP: PlotSetup = { openedChannels: [], eegShown: {}, eegSettings: {}, customCharts: [], chartSettings: {}, nextChartNumber: 1 };

const STORAGE_KEY_PREFIX = 'labwire.plots.v1.';
/** Storage is small (5 MB a site): a setup beyond this is not written, and said so in the console. */
const MAX_STORED_CHARS = 256 * 1024;
/** More than the bus opens per profile (MAX_PLOTS_PER_PROFILE 32): a stored setup is cut to this. */
const MAX_ENTRIES = 64;

export class PlotSetupStore {
  private readonly setups = new Map<string, PlotSetup>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: SetupStorage | null) {}

  setup(profileId: string): PlotSetup {
    let setup = this.setups.get(profileId);
    if (!setup) {
      setup = this.load(profileId);
      this.setups.set(profileId, setup);
    }
    return setup;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  change(profileId: string, makeNext: (previous: PlotSetup) => PlotSetup): void {
    const previous = this.setup(profileId);
    const next = makeNext(previous);
    if (next === previous) return;
    this.setups.set(profileId, next);
    this.save(profileId, next);
    for (const listener of [...this.listeners]) listener();
  }

  eegSettings(profileId: string, channel: string): EegViewSettings {
    return this.setup(profileId).eegSettings[channel] ?? DEFAULT_EEG_SETTINGS;
  }

  changeEegSettings(profileId: string, channel: string, patch: Partial<EegViewSettings>): void {
    this.change(profileId, (setup) => ({ ...setup, eegSettings: { ...setup.eegSettings, [channel]: { ...(setup.eegSettings[channel] ?? DEFAULT_EEG_SETTINGS), ...patch } } }));
  }

  chartSettings(profileId: string, key: string): TelemetryChartSettings {
    return this.setup(profileId).chartSettings[key] ?? DEFAULT_CHART_SETTINGS;
  }

  changeChartSettings(profileId: string, key: string, patch: Partial<TelemetryChartSettings>): void {
    this.change(profileId, (setup) => ({ ...setup, chartSettings: { ...setup.chartSettings, [key]: { ...(setup.chartSettings[key] ?? DEFAULT_CHART_SETTINGS), ...patch } } }));
  }

  private load(profileId: string): PlotSetup {
    let text: string | null = null;
    try {
      text = this.storage?.getItem(STORAGE_KEY_PREFIX + profileId) ?? null;
    } catch {
      // Storage can be switched off in the browser; the setup then lasts for the page.
    }
    if (text === null) return EMPTY_SETUP;
    try {
      return readSetup(JSON.parse(text));
    } catch {
      return EMPTY_SETUP;
    }
  }

  private save(profileId: string, setup: PlotSetup): void {
    if (!this.storage) return;
    const text = JSON.stringify(setup);
    if (text.length > MAX_STORED_CHARS) return;
    try {
      this.storage.setItem(STORAGE_KEY_PREFIX + profileId, text);
    } catch {
      // Full or switched off: the setup still lasts for the page.
    }
  }
}

/** A stored setup made safe: anything of the wrong shape falls back to the default, lists are cut to MAX_ENTRIES. */
export function readSetup(stored: unknown): PlotSetup {
  if (!isRecord(stored)) return EMPTY_SETUP;
  const openedChannels = Array.isArray(stored.openedChannels) ? stored.openedChannels.filter(isString).slice(0, MAX_ENTRIES) : [];
  const eegShown = recordOf(stored.eegShown, (value) => (typeof value === 'boolean' ? value : undefined));
  const eegSettings = recordOf(stored.eegSettings, readEegSettings);
  const customCharts = Array.isArray(stored.customCharts) ? stored.customCharts.map(readChart).filter((chart) => chart !== undefined).slice(0, MAX_ENTRIES) : [];
  const chartSettings = recordOf(stored.chartSettings, readChartSettings);
  const nextChartNumber = typeof stored.nextChartNumber === 'number' && Number.isSafeInteger(stored.nextChartNumber) && stored.nextChartNumber > 0 ? stored.nextChartNumber : 1;
  return { openedChannels, eegShown, eegSettings, customCharts, chartSettings, nextChartNumber };
}

function readEegSettings(value: unknown): EegViewSettings | undefined {
  if (!isRecord(value)) return undefined;
  const base = DEFAULT_EEG_SETTINGS;
  const scale = (EEG_SCALE_MICROVOLTS_PER_DIVISION as readonly unknown[]).includes(value.scale) ? (value.scale as ScaleChoice) : base.scale;
  const laneSettings = isRecord(value.laneSettings) && Array.isArray(value.laneSettings.order) && isRecord(value.laneSettings.lanes)
    ? { order: value.laneSettings.order.filter(isString), lanes: recordOf(value.laneSettings.lanes, readLaneSetting) }
    : base.laneSettings;
  return {
    windowSeconds: typeof value.windowSeconds === 'number' ? value.windowSeconds : base.windowSeconds,
    filters: readFilters(value.filters),
    timeSource: value.timeSource === 'receive' ? 'receive' : 'message',
    scale,
    laneSettings,
    isSpectrumShown: typeof value.isSpectrumShown === 'boolean' ? value.isSpectrumShown : base.isSpectrumShown,
    spectrumLane: isString(value.spectrumLane) ? value.spectrumLane : base.spectrumLane,
  };
}

function readFilters(value: unknown): EegFilterSettings {
  const base = DEFAULT_EEG_FILTERS;
  if (!isRecord(value)) return base;
  const bandPass = isRecord(value.bandPass) && typeof value.bandPass.lowHz === 'number' && typeof value.bandPass.highHz === 'number' && typeof value.bandPass.order === 'number'
    ? { lowHz: value.bandPass.lowHz, highHz: value.bandPass.highHz, order: value.bandPass.order }
    : null;
  return {
    highPassHz: typeof value.highPassHz === 'number' ? value.highPassHz : base.highPassHz,
    notchHz: value.notchHz === 50 || value.notchHz === 60 ? value.notchHz : 0,
    notchHarmonics: value.notchHarmonics === true,
    bandPass,
    isCommonAverageReference: value.isCommonAverageReference === true,
  };
}

function readLaneSetting(value: unknown): { gain: number; isAutoscaled: boolean; isHidden: boolean } | undefined {
  if (!isRecord(value) || typeof value.gain !== 'number') return undefined;
  return { gain: value.gain, isAutoscaled: value.isAutoscaled === true, isHidden: value.isHidden === true };
}

function readChartSettings(value: unknown): TelemetryChartSettings | undefined {
  if (!isRecord(value) || typeof value.windowSeconds !== 'number') return undefined;
  return { windowSeconds: value.windowSeconds, timeSource: value.timeSource === 'receive' ? 'receive' : 'message' };
}

function readChart(value: unknown): TelemetryChartDefinition | undefined {
  if (!isRecord(value) || !isString(value.key) || !isString(value.title) || !Array.isArray(value.fieldPaths)) return undefined;
  const target = readChartTarget(value);
  if (!target) return undefined;
  const match = isRecord(value.match) && isString(value.match.path) && isString(value.match.equals) ? { path: value.match.path, equals: value.match.equals } : null;
  return { key: value.key, title: value.title, target, fieldPaths: value.fieldPaths.filter(isString), match };
}

/** A chart's target; charts stored before plots took any target named a channel (`channel: "devices:telemetry"`). */
function readChartTarget(value: Record<string, unknown>): LaneTarget | undefined {
  if (isString(value.channel)) return { kind: 'channel', name: value.channel };
  const target = value.target;
  if (!isRecord(target)) return undefined;
  if (target.kind === 'channel' && isString(target.name)) return { kind: 'channel', name: target.name };
  if (target.kind === 'pattern' && isString(target.pattern)) return { kind: 'pattern', pattern: target.pattern };
  if (target.kind === 'stream' && isString(target.key)) return { kind: 'stream', key: target.key };
  return undefined;
}

function recordOf<T>(value: unknown, read: (entry: unknown) => T | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value).slice(0, MAX_ENTRIES)) {
    const entryValue = read(entry);
    if (entryValue !== undefined) out[key] = entryValue;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
