import { useEffect, useId, useRef } from 'react';
import { meanBandPowers } from './eegBands';
import { BandPowerBars } from './BandPowerBars';
import type { PlotSpectrumFrame } from './EegDisplay';
import { seriesLabel } from './seriesLabel';
import { SpectrumChart } from './SpectrumChart';
import { useElementSize } from './useElementSize';

const ALL_LANES = '';

interface SpectrumPanelProps {
  spectrum: PlotSpectrumFrame | null;
  /** Lanes shown in the montage, top to bottom: the spectrum follows them. */
  laneNames: readonly string[];
  /** The chosen lane, '' for all shown lanes (kept with the view's settings). */
  selected: string;
  onSelect(lane: string): void;
}

/** Power spectrum and band power of the shown lanes (or one of them), from the bus a few times per second. */
export function SpectrumPanel({ spectrum, laneNames, selected, onSelect }: SpectrumPanelProps) {
  const selectId = useId();
  const containerRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(containerRef);
  const chartRef = useRef<SpectrumChart | null>(null);
  const isSelectedShown = selected !== ALL_LANES && laneNames.includes(selected);
  const chosen = isSelectedShown ? selected : ALL_LANES;

  useEffect(() => {
    const container = containerRef.current;
    if (!container || size === null) return;
    if (chartRef.current === null) chartRef.current = new SpectrumChart(container, size.width, size.height);
    else chartRef.current.setSize(size.width, size.height);
  }, [size]);

  useEffect(
    () => () => {
      chartRef.current?.destroy();
      chartRef.current = null;
    },
    [],
  );

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || spectrum === null || size === null) return;
    const series = shownSeriesIndexes(spectrum.seriesNames, laneNames, chosen).map((index) => ({
      name: spectrum.seriesNames[index]!,
      power: spectrum.spectrum.power[index] ?? new Float32Array(0),
    }));
    chart.show(spectrum.spectrum.frequenciesHz, series, chosen !== ALL_LANES);
  }, [spectrum, laneNames, chosen, size]);

  let bands: number[] | null = null;
  if (spectrum !== null) {
    const shown = shownSeriesIndexes(spectrum.seriesNames, laneNames, chosen);
    bands = meanBandPowers(shown.map((index) => spectrum.spectrum.bandPowers[index] ?? new Float32Array(0)));
  }

  return (
    <section className="spectrum-panel" aria-label="Spectrum and band power">
      <div className="spectrum-header">
        <h4>Spectrum</h4>
        <label htmlFor={selectId}>Channel</label>
        <select id={selectId} value={chosen} onChange={(event) => onSelect(event.target.value)}>
          <option value={ALL_LANES}>All shown lanes</option>
          {laneNames.map((name) => (
            <option key={name} value={name}>
              {seriesLabel(name)}
            </option>
          ))}
        </select>
      </div>
      <div className="spectrum-body">
        <div className="spectrum-chart-frame">
          <div className="spectrum-chart" ref={containerRef} data-testid="spectrum-chart" />
          {spectrum === null && <p className="muted plot-placeholder">The spectrum appears once the sample rate is known (about a second of data).</p>}
        </div>
        <BandPowerBars powers={bands} scopeLabel={chosen === ALL_LANES ? 'mean of shown lanes' : seriesLabel(chosen)} />
      </div>
    </section>
  );
}

/** Indexes into the spectrum's series of the lanes to show: every shown lane, or the chosen one. */
function shownSeriesIndexes(seriesNames: readonly string[], laneNames: readonly string[], chosen: string): number[] {
  const indexOf = new Map(seriesNames.map((name, index) => [name, index]));
  const wanted = chosen === ALL_LANES ? laneNames : [chosen];
  return wanted.map((name) => indexOf.get(name)).filter((index): index is number => index !== undefined);
}
