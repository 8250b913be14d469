import { EEG_BANDS_FOR_DISPLAY } from './eegBands';
import { formatPlotValue } from './formatPlotValue';

interface BandPowerBarsProps {
  /** µV² per band, δ θ α β γ; null before the first spectrum; NaN where unknown (no finite samples). */
  powers: readonly number[] | null;
  scopeLabel: string;
}

const UNAVAILABLE = 'unavailable';

/** Each band's share of the δ–γ total as a bar, with its absolute power. */
export function BandPowerBars({ powers, scopeLabel }: BandPowerBarsProps) {
  const total = powers?.reduce((sum, power) => sum + power, 0) ?? 0;
  const isUnavailable = powers !== null && powers.some((power) => Number.isNaN(power));
  return (
    <div className="band-power" data-testid="band-power">
      <h5>
        Band power <span className="muted">({scopeLabel})</span>
      </h5>
      <ul>
        {EEG_BANDS_FOR_DISPLAY.map((band, index) => {
          const power = powers?.[index] ?? 0;
          const share = !isUnavailable && total > 0 ? power / total : 0;
          return (
            <li key={band.name}>
              <span className="band-name" title={`${band.name}, ${band.lowHz}–${band.highHz} Hz`}>
                {band.symbol} <span className="muted">{band.name}</span>
              </span>
              <span className="band-track" aria-hidden="true">
                <span className={`band-fill band-${band.name.toLowerCase()}`} style={{ width: `${(share * 100).toFixed(1)}%` }} />
              </span>
              <span className="band-value">{powers === null ? '–' : isUnavailable ? UNAVAILABLE : `${Math.round(share * 100)} % · ${formatPlotValue(power)} µV²`}</span>
            </li>
          );
        })}
      </ul>
      {isUnavailable && (
        <p className="muted band-note" data-testid="band-power-unavailable">
          No finite samples (only NaN or Infinity): band power is unavailable, not zero.
        </p>
      )}
    </div>
  );
}
