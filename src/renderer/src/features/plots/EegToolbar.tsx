import { useId } from 'react';
import { EEG_SCALE_MICROVOLTS_PER_DIVISION, EEG_WINDOW_SECONDS_CHOICES, type SampleTimeSource } from '../../../../shared/plots';
import type { ScaleChoice } from './eegLaneLayout';
import { PlotSelect, type PlotSelectOption } from './PlotSelect';

const WINDOW_OPTIONS: readonly PlotSelectOption<number>[] = EEG_WINDOW_SECONDS_CHOICES.map((seconds) => ({ value: seconds, label: `${seconds} s` }));
const TIME_SOURCE_OPTIONS: readonly PlotSelectOption<SampleTimeSource>[] = [
  { value: 'message', label: 'Message timestamps' },
  { value: 'receive', label: 'Receive time' },
];

interface EegToolbarProps {
  scale: ScaleChoice;
  /** The µV/div auto picked, shown beside "Auto". */
  autoScale: number | null;
  windowSeconds: number;
  timeSource: SampleTimeSource;
  isSpectrumShown: boolean;
  onScale(scale: ScaleChoice): void;
  onWindowSeconds(seconds: number): void;
  onTimeSource(source: SampleTimeSource): void;
  onSpectrumShown(isShown: boolean): void;
}

export function EegToolbar({ scale, autoScale, windowSeconds, timeSource, isSpectrumShown, onScale, onWindowSeconds, onTimeSource, onSpectrumShown }: EegToolbarProps) {
  const spectrumId = useId();
  const scaleOptions: PlotSelectOption<ScaleChoice>[] = EEG_SCALE_MICROVOLTS_PER_DIVISION.map((choice) => ({
    value: choice,
    label: choice === 'auto' ? `Auto${autoScale === null ? '' : ` (${autoScale} µV/div)`}` : `${choice} µV/div`,
  }));
  return (
    <div className="plot-toolbar eeg-toolbar">
      <PlotSelect label="Scale" value={scale} options={scaleOptions} onChange={onScale} title="Microvolts between two lane centre lines" />
      <PlotSelect label="Window" value={windowSeconds} options={WINDOW_OPTIONS} onChange={onWindowSeconds} />
      <PlotSelect label="Sample time from" value={timeSource} options={TIME_SOURCE_OPTIONS} onChange={onTimeSource} />
      <div className="plot-check">
        <input id={spectrumId} type="checkbox" checked={isSpectrumShown} onChange={(event) => onSpectrumShown(event.target.checked)} />
        <label htmlFor={spectrumId}>Spectrum and band power</label>
      </div>
    </div>
  );
}
