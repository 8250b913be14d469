import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EegFilterSettings, PlotSpec, SampleTimeSource } from '../../../../shared/plots';
import { Notice } from '../../components/Notice';
import { useLabwireApi } from '../../transport/transportContext';
import { EegDisplay, type PlotSpectrumFrame } from './EegDisplay';
import { eegPlotAreaWidth } from './eegGeometry';
import { visibleLanes, type LaneDisplaySettings, type ScaleChoice } from './eegLaneLayout';
import { EegFilterControls } from './EegFilterControls';
import { EegStatusLine } from './EegStatusLine';
import { DrawRateMeter, EEG_SUMMARY_INTERVAL_MS, eegSayingOf, type EegSummary } from './eegSummary';
import { isWaitingForSamples } from './drawnSummary';
import { EegToolbar } from './EegToolbar';
import type { DemoSkips } from './eegGapWords';
import { clampRange, panRange, zoomRange, type EegViewMode, type HistoryBounds } from './eegViewMode';
import { FrozenNavigation } from './FrozenNavigation';
import { LaneSettingsPanel } from './LaneSettingsPanel';
import { findMainsHum } from './mainsHum';
import { PlotMetrics, registerPlotMetrics } from './plotMetrics';
import { PredictionsStrip } from './PredictionsStrip';
import { seriesLabel } from './seriesLabel';
import { SpectrumPanel } from './SpectrumPanel';
import { DEFAULT_EEG_SETTINGS, type EegViewSettings } from './plotSetupStore';
import { usePlotSetup } from './plotStore';
import { useBusPlot, usePlotFrames } from './useBusPlot';
import { useDrawnSummary } from './useDrawnSummary';
import { useElementSize } from './useElementSize';

/** Few lanes get room to read a trace; many lanes share MAX_CANVAS_HEIGHT_PX (Full window gives more). */
const LANE_HEIGHT_PX = 48;
const MIN_CANVAS_HEIGHT_PX = 320;
const MAX_CANVAS_HEIGHT_PX = 680;
/** Until the first frame says how many lanes there are. */
const ASSUMED_LANES = 8;

interface EegViewProps {
  profileId: string;
  /** user:{id}:raw */
  channel: string;
  /** Where the samples are in each message, e.g. "channels.*". */
  fieldPath: string;
  /** Messages the demo skipped when it fell behind, when the demo publishes this channel; null otherwise. */
  demoSkipped: DemoSkips | null;
  onHide(): void;
}

/** The key of an EEG view's bus plot; its predictions strip's plot is under it. */
export function eegViewKey(channel: string): string {
  return `eeg:${channel}`;
}

/** The predictions channel of the same user, when the channel follows the user:{id}:raw convention. */
export function predictionsChannelOf(channel: string): string | null {
  const match = /^user:(.+):raw$/.exec(channel);
  return match ? `user:${match[1]}:predictions` : null;
}

/** One EEG stream as a stacked-lane montage with filters, freeze, spectrum and predictions. */
export function EegView({ profileId, channel, fieldPath, demoSkipped, onHide }: EegViewProps) {
  const api = useLabwireApi();
  const { setup, store } = usePlotSetup(profileId);
  const settings = setup.eegSettings[channel] ?? DEFAULT_EEG_SETTINGS;
  const { windowSeconds, filters, timeSource, scale, laneSettings, isSpectrumShown, spectrumLane } = settings;
  const change = (patch: Partial<EegViewSettings>): void => store.changeEegSettings(profileId, channel, patch);
  const setWindowSeconds = (next: number): void => change({ windowSeconds: next });
  const setFilters = (next: EegFilterSettings): void => change({ filters: next });
  const setTimeSource = (next: SampleTimeSource): void => change({ timeSource: next });
  const setScale = (next: ScaleChoice): void => change({ scale: next });
  const setLaneSettings = (next: LaneDisplaySettings): void => change({ laneSettings: next });
  const setIsSpectrumShown = (next: boolean): void => change({ isSpectrumShown: next });
  const [isFullWindow, setIsFullWindow] = useState(false);
  const [mode, setMode] = useState<EegViewMode>({ state: 'live' });
  const [rangeProblem, setRangeProblem] = useState<string | null>(null);
  const [spectrum, setSpectrum] = useState<PlotSpectrumFrame | null>(null);
  const [metrics] = useState(() => new PlotMetrics('eeg', channel));
  const canvasRef = useRef<HTMLDivElement>(null);
  const displayRef = useRef<EegDisplay | null>(null);
  const [drawRate] = useState(() => new DrawRateMeter(() => metrics.drawn, performance.now()));
  const { summary, publisher } = useDrawnSummary<EegSummary>(eegSayingOf, EEG_SUMMARY_INTERVAL_MS, () => displayRef.current?.summarize(drawRate.measure(performance.now())) ?? null);
  const size = useElementSize(canvasRef);
  const pixelWidth = Math.round(eegPlotAreaWidth(size?.width ?? 1000) * devicePixelRatio);
  const shouldComputeSpectrum = isSpectrumShown && !isFullWindow;

  const spec = useMemo<PlotSpec>(
    () => ({ kind: 'eeg', target: { kind: 'channel', name: channel }, fieldPath, timeSource, windowSeconds, filters, pixelWidth, shouldComputeSpectrum }),
    [channel, fieldPath, timeSource, windowSeconds, filters, pixelWidth, shouldComputeSpectrum],
  );
  const { plot, updateProblem } = useBusPlot(profileId, eegViewKey(channel), spec);
  const plotId = plot.state === 'open' ? plot.info.plotId : null;
  const historySeconds = plot.state === 'open' ? plot.info.historySeconds : 0;

  const historyBounds = (): HistoryBounds => {
    const newest = displayRef.current?.latestLive?.x;
    const newestMs = newest && newest.length > 0 ? newest[newest.length - 1]! * 1000 : Date.now();
    return { newestMs, historySeconds };
  };

  const freezeOn = useCallback((fromMs: number, toMs: number, isFetched: boolean) => {
    displayRef.current?.freeze();
    setMode({ state: 'frozen', fromMs, toMs, isFetched });
  }, []);
  const onSelectTimeRange = useRef((fromSeconds: number, toSeconds: number) => freezeOn(fromSeconds * 1000, toSeconds * 1000, true));

  useEffect(() => registerPlotMetrics(metrics, plotId ?? ''), [metrics, plotId]);

  useEffect(() => {
    const container = canvasRef.current;
    if (!container || size === null) return;
    const display = displayRef.current;
    if (display === null) {
      const created = new EegDisplay(container, {
        width: size.width,
        height: size.height,
        windowSeconds,
        metrics,
        onSelectTimeRange: (from, to) => onSelectTimeRange.current(from, to),
        onSpectrum: setSpectrum,
      });
      displayRef.current = created;
      created.onDidDrawPicture(() => {
        const drawn = created.summarize(drawRate.perSecond);
        if (drawn) publisher.didDraw(drawn);
      });
    } else {
      display.setSize(size.width, size.height);
    }
    // The display is created once, with the window of that moment; later windows arrive through setWindowSeconds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [size, metrics, drawRate, publisher]);

  useEffect(
    () => () => {
      displayRef.current?.destroy();
      displayRef.current = null;
    },
    [],
  );

  useEffect(() => {
    displayRef.current?.setWindowSeconds(windowSeconds);
  }, [windowSeconds, size]);

  useEffect(() => {
    displayRef.current?.setDisplay(laneSettings, scale);
  }, [laneSettings, scale, size]);

  usePlotFrames(plotId, (frame) => displayRef.current?.receive(frame));

  useEffect(() => {
    if (mode.state !== 'frozen' || !mode.isFetched || plotId === null) return;
    let isCurrent = true;
    void api.request('plots:range', { plotId, fromMs: mode.fromMs, toMs: mode.toMs, pixelWidth }).then((result) => {
      if (!isCurrent) return;
      if (!result.ok) {
        setRangeProblem(result.error.message);
        return;
      }
      setRangeProblem(null);
      displayRef.current?.showRange(result.value, mode.fromMs / 1000, mode.toMs / 1000);
    });
    return () => {
      isCurrent = false;
    };
  }, [api, mode, plotId, pixelWidth]);

  useEffect(() => {
    if (!isFullWindow) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') setIsFullWindow(false);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [isFullWindow]);

  const seriesNames = summary?.seriesNames ?? [];
  const shownLanes = visibleLanes(seriesNames, laneSettings);
  const shownLaneKey = shownLanes.map((lane) => lane.name).join('\u0000');
  const shownLaneNames = useMemo(() => (shownLaneKey === '' ? [] : shownLaneKey.split('\u0000')), [shownLaneKey]);
  // The canvas writes "no finite values" only in the lanes it shows; the lane list names hidden ones too.
  const emptyShownLaneNames = (summary?.emptyLaneNames ?? []).filter((name) => shownLaneNames.includes(name));
  const laneCount = seriesNames.length > 0 ? shownLanes.length : ASSUMED_LANES;
  const canvasHeight = Math.min(MAX_CANVAS_HEIGHT_PX, Math.max(MIN_CANVAS_HEIGHT_PX, laneCount * LANE_HEIGHT_PX));
  const predictionsChannel = predictionsChannelOf(channel);
  const alignLiveRange = useCallback((): [number, number] | null => displayRef.current?.shownRange ?? null, []);
  const frozenRange = mode.state === 'frozen' ? { fromMs: mode.fromMs, toMs: mode.toMs, pixelWidth } : null;

  const goLive = (): void => {
    displayRef.current?.goLive();
    setMode({ state: 'live' });
    setRangeProblem(null);
  };
  const freeze = (): void => {
    const range = displayRef.current?.freeze() ?? null;
    const bounds = historyBounds();
    const [fromSeconds, toSeconds] = range ?? [bounds.newestMs / 1000 - windowSeconds, bounds.newestMs / 1000];
    setMode({ state: 'frozen', fromMs: fromSeconds * 1000, toMs: toSeconds * 1000, isFetched: false });
  };
  const moveTo = (next: { fromMs: number; toMs: number }): void => setMode({ state: 'frozen', ...next, isFetched: true });
  const applyFilters = (next: EegFilterSettings): void => {
    setFilters(next);
    // A frozen stretch is drawn again with the new filters (the bus filters its history too).
    if (mode.state === 'frozen') setMode({ ...mode, isFetched: true });
  };
  // The spectrum is not computed in full window: an old one would name hum that is gone.
  const mainsHum = shouldComputeSpectrum ? findMainsHum(spectrum, shownLaneNames, filters.notchHz) : null;

  return (
    <section className={`card plot-card eeg-card${isFullWindow ? ' is-full-window' : ''}`} aria-label={`EEG ${channel}`} data-testid={`eeg-view-${channel}`}>
      <header className="plot-card-header">
        <div className="plot-title">
          <h3>EEG</h3>
          <code>{channel}</code>
          {summary?.isDecimated && (
            <span className="plot-badge" data-testid="eeg-decimated" title="More samples than pixel columns: each column shows the lowest and highest sample, so single-sample spikes stay visible.">
              Decimated: min/max per pixel
            </span>
          )}
          {mode.state === 'frozen' && <span className="plot-badge badge-frozen">Frozen</span>}
        </div>
        <div className="plot-toolbar">
          {mode.state === 'live' ? (
            <button type="button" className="small" onClick={freeze}>
              Freeze
            </button>
          ) : (
            <button type="button" className="small primary" onClick={goLive}>
              Back to live
            </button>
          )}
          <button type="button" className="small" aria-pressed={isFullWindow} onClick={() => setIsFullWindow(!isFullWindow)}>
            {isFullWindow ? 'Exit full window' : 'Full window'}
          </button>
          {!isFullWindow && (
            <button type="button" className="small" onClick={onHide}>
              Hide
            </button>
          )}
        </div>
      </header>
      <EegToolbar
        scale={scale}
        autoScale={summary?.autoScale ?? null}
        windowSeconds={windowSeconds}
        timeSource={timeSource}
        isSpectrumShown={isSpectrumShown}
        onScale={setScale}
        onWindowSeconds={setWindowSeconds}
        onTimeSource={setTimeSource}
        onSpectrumShown={setIsSpectrumShown}
      />
      <EegFilterControls filters={filters} onChange={applyFilters} />
      {plot.state === 'failed' && <Notice tone="error">{plot.message}</Notice>}
      {updateProblem && <Notice tone="warning">{updateProblem}</Notice>}
      {rangeProblem && <Notice tone="warning">{rangeProblem}</Notice>}
      {mode.state === 'frozen' && (
        <FrozenNavigation
          fromMs={mode.fromMs}
          toMs={mode.toMs}
          onEarlier={() => moveTo(panRange(mode.fromMs, mode.toMs, -1, historyBounds()))}
          onLater={() => moveTo(panRange(mode.fromMs, mode.toMs, 1, historyBounds()))}
          onZoomIn={() => moveTo(zoomRange(mode.fromMs, mode.toMs, 0.5, historyBounds()))}
          onZoomOut={() => moveTo(zoomRange(mode.fromMs, mode.toMs, 2, historyBounds()))}
          onNewest={() => moveTo(clampRange(historyBounds().newestMs - (mode.toMs - mode.fromMs), historyBounds().newestMs, historyBounds()))}
        />
      )}
      <div className="eeg-canvas-frame">
        <div className="eeg-canvas" ref={canvasRef} data-testid="eeg-canvas" style={isFullWindow ? undefined : { height: canvasHeight }} />
        {isWaitingForSamples(summary) && plot.state !== 'failed' && (
          <p className="muted plot-placeholder">Waiting for samples on {channel}…</p>
        )}
      </div>
      {emptyShownLaneNames.length > 0 && (
        <p className="plot-lane-warning" data-testid="eeg-no-finite">
          {emptyShownLaneNames.map(seriesLabel).join(', ')}: no finite values (only NaN or Infinity) in this window, drawn as a gap.
        </p>
      )}
      {mainsHum !== null && (
        <p className="plot-lane-warning" data-testid="eeg-mains-hum">
          {mainsHum.laneNames.map(seriesLabel).join(', ')}: strong {mainsHum.frequencyHz} Hz mains hum, drawn as a dense band (often an electrode with poor
          contact, or a cable near power).{' '}
          <button type="button" className="small" onClick={() => applyFilters({ ...filters, notchHz: mainsHum.frequencyHz })}>
            Turn on the {mainsHum.frequencyHz} Hz notch
          </button>
        </p>
      )}
      <EegStatusLine summary={summary} timeSource={timeSource} isFrozen={mode.state === 'frozen'} demoSkipped={demoSkipped} />
      {!isFullWindow && predictionsChannel && (
        <PredictionsStrip profileId={profileId} viewKey={`${eegViewKey(channel)}/predictions`} channel={predictionsChannel} windowSeconds={windowSeconds} alignLiveRange={alignLiveRange} frozenRange={frozenRange} />
      )}
      {!isFullWindow && isSpectrumShown && <SpectrumPanel spectrum={spectrum} laneNames={shownLaneNames} selected={spectrumLane} onSelect={(lane) => change({ spectrumLane: lane })} />}
      {!isFullWindow && <LaneSettingsPanel seriesNames={seriesNames} settings={laneSettings} rmsByName={summary?.rmsByName ?? new Map()} emptyLaneNames={summary?.emptyLaneNames ?? []} onChange={setLaneSettings} />}
    </section>
  );
}
