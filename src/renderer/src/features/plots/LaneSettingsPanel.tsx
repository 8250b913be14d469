import { DEFAULT_LANE_SETTING, moveLane, orderedLaneNames, stepGain, type LaneDisplaySettings, type LaneSetting } from './eegLaneLayout';
import { formatPlotValue } from './formatPlotValue';
import { seriesLabel } from './seriesLabel';

interface LaneSettingsPanelProps {
  seriesNames: readonly string[];
  settings: LaneDisplaySettings;
  /** RMS over the window per lane name, µV. */
  rmsByName: ReadonlyMap<string, number>;
  /** Lanes whose window holds no finite value. */
  emptyLaneNames: readonly string[];
  onChange(settings: LaneDisplaySettings): void;
}

function formatGain(gain: number): string {
  return gain >= 1 ? `×${gain}` : `×1/${Math.round(1 / gain)}`;
}

/** Every lane with its amplitude, gain, autoscale, visibility and place in the montage. */
export function LaneSettingsPanel({ seriesNames, settings, rmsByName, emptyLaneNames, onChange }: LaneSettingsPanelProps) {
  const names = orderedLaneNames(seriesNames, settings.order);
  const hiddenCount = names.filter((name) => settings.lanes[name]?.isHidden).length;
  const update = (name: string, patch: Partial<LaneSetting>): void =>
    onChange({ ...settings, lanes: { ...settings.lanes, [name]: { ...(settings.lanes[name] ?? DEFAULT_LANE_SETTING), ...patch } } });

  return (
    <details className="lane-settings">
      <summary>
        Lanes ({names.length}
        {hiddenCount > 0 ? `, ${hiddenCount} hidden` : ''})
      </summary>
      <div className="lane-table-scroll">
        <table className="lane-table">
          <thead>
            <tr>
              <th scope="col">Lane</th>
              <th scope="col">RMS</th>
              <th scope="col">Shown</th>
              <th scope="col">Gain</th>
              <th scope="col">Own scale</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name, index) => {
              const setting = settings.lanes[name] ?? DEFAULT_LANE_SETTING;
              const rms = rmsByName.get(name);
              const label = seriesLabel(name);
              return (
                <tr key={name}>
                  <th scope="row" title={name}>
                    {label}
                  </th>
                  <td className="numeric" data-testid={`lane-rms-${label}`}>
                    {rms !== undefined ? `${formatPlotValue(rms)} µV` : emptyLaneNames.includes(name) ? 'no finite values' : '–'}
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`Show ${label}`} checked={!setting.isHidden} onChange={(event) => update(name, { isHidden: !event.target.checked })} />
                  </td>
                  <td className="lane-gain">
                    <button type="button" className="small" aria-label={`Smaller ${label}`} onClick={() => update(name, { gain: stepGain(setting.gain, -1) })}>
                      −
                    </button>
                    <span>{formatGain(setting.gain)}</span>
                    <button type="button" className="small" aria-label={`Larger ${label}`} onClick={() => update(name, { gain: stepGain(setting.gain, 1) })}>
                      +
                    </button>
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Scale ${label} to its own amplitude`}
                      checked={setting.isAutoscaled}
                      onChange={(event) => update(name, { isAutoscaled: event.target.checked })}
                    />
                  </td>
                  <td className="lane-order">
                    <button type="button" className="small" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => onChange({ ...settings, order: moveLane(seriesNames, settings.order, name, -1) })}>
                      ↑
                    </button>
                    <button
                      type="button"
                      className="small"
                      aria-label={`Move ${label} down`}
                      disabled={index === names.length - 1}
                      onClick={() => onChange({ ...settings, order: moveLane(seriesNames, settings.order, name, 1) })}
                    >
                      ↓
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="button-row lane-bulk">
        <button type="button" className="small" onClick={() => onChange({ order: [], lanes: {} })}>
          Reset lanes
        </button>
      </div>
    </details>
  );
}
