import { useId } from 'react';
import type { EegFilterSettings } from '../../../../shared/plots';
import { PlotSelect, type PlotSelectOption } from './PlotSelect';

const HIGH_PASS_OPTIONS: readonly PlotSelectOption<number>[] = [
  { value: 0, label: 'Off' },
  { value: 0.1, label: '0.1 Hz' },
  { value: 0.5, label: '0.5 Hz' },
  { value: 1, label: '1 Hz' },
  { value: 2, label: '2 Hz' },
];

const NOTCH_OPTIONS: readonly PlotSelectOption<EegFilterSettings['notchHz']>[] = [
  { value: 0, label: 'Off' },
  { value: 50, label: '50 Hz' },
  { value: 60, label: '60 Hz' },
];

/** Band-pass ranges people ask for; the key is "low-high" in Hz, '' for off. */
const BAND_PASS_OPTIONS: readonly PlotSelectOption<string>[] = [
  { value: '', label: 'Off' },
  { value: '1-40', label: '1–40 Hz' },
  { value: '0.5-45', label: '0.5–45 Hz' },
  { value: '1-30', label: '1–30 Hz' },
  { value: '8-13', label: '8–13 Hz (alpha)' },
];

const ORDER_OPTIONS: readonly PlotSelectOption<number>[] = [2, 4, 6, 8].map((order) => ({ value: order, label: `Order ${order}` }));

interface EegFilterControlsProps {
  filters: EegFilterSettings;
  onChange(filters: EegFilterSettings): void;
}

/** Display filters, computed in the bus; the recorded data always stays raw. */
export function EegFilterControls({ filters, onChange }: EegFilterControlsProps) {
  const harmonicsId = useId();
  const carId = useId();
  const bandKey = filters.bandPass ? `${filters.bandPass.lowHz}-${filters.bandPass.highHz}` : '';
  const change = (patch: Partial<EegFilterSettings>): void => onChange({ ...filters, ...patch });

  return (
    <fieldset className="plot-filters">
      <legend>Display filters</legend>
      <PlotSelect label="High-pass" value={filters.highPassHz} options={HIGH_PASS_OPTIONS} onChange={(highPassHz) => change({ highPassHz })} title="Removes the DC offset and slow drift" />
      <PlotSelect label="Notch" value={filters.notchHz} options={NOTCH_OPTIONS} onChange={(notchHz) => change({ notchHz })} title="Removes mains hum" />
      <div className="plot-check">
        <input
          id={harmonicsId}
          type="checkbox"
          checked={filters.notchHarmonics}
          disabled={filters.notchHz === 0}
          onChange={(event) => change({ notchHarmonics: event.target.checked })}
        />
        <label htmlFor={harmonicsId}>Harmonics</label>
      </div>
      <PlotSelect
        label="Band-pass"
        value={bandKey}
        options={BAND_PASS_OPTIONS}
        onChange={(key) => {
          if (key === '') {
            change({ bandPass: null });
            return;
          }
          const [lowHz, highHz] = key.split('-').map(Number);
          change({ bandPass: { lowHz: lowHz!, highHz: highHz!, order: filters.bandPass?.order ?? 4 } });
        }}
      />
      <PlotSelect
        label="Band-pass order"
        value={filters.bandPass?.order ?? 4}
        options={ORDER_OPTIONS}
        disabled={filters.bandPass === null}
        onChange={(order) => filters.bandPass && change({ bandPass: { ...filters.bandPass, order } })}
        title="Butterworth order: higher is steeper"
      />
      <div className="plot-check">
        <input id={carId} type="checkbox" checked={filters.isCommonAverageReference} onChange={(event) => change({ isCommonAverageReference: event.target.checked })} />
        <label htmlFor={carId} title="Subtracts the mean of all channels from each channel">
          Common average reference
        </label>
      </div>
    </fieldset>
  );
}
