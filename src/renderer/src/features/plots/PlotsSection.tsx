import { useMemo, useState, type FormEvent } from 'react';
import { canReceive } from '../../../../shared/connectionState';
import type { Profile } from '../../../../shared/profile';
import type { SimulatorStatus } from '../../../../shared/simulator';
import { useConnectionState, useSimulatorStatus } from '../../api/busQueries';
import { Notice } from '../../components/Notice';
import { AddChartForm } from './AddChartForm';
import { EegView, eegViewKey } from './EegView';
import type { DemoSkips } from './eegGapWords';
import { usePlotSetup, usePlotStore } from './plotStore';
import { TELEMETRY_SOURCES } from './telemetrySources';
import { chartViewKey, TelemetryView, type TelemetryChartDefinition } from './TelemetryView';
import { EEG_CHANNEL_PATTERN, EEG_FIELD_PATH, isEegChannel, mergeStreams, useEegStreams } from './useEegStreams';
import { useTelemetrySources } from './useTelemetrySources';

const NO_CHANNELS: readonly string[] = [];

/** Live plots of one connection: an EEG montage per stream, telemetry per device, and charts the user adds. */
export function PlotsSection({ profile }: { profile: Profile }) {
  // Another profile starts from scratch: its own views, charts and plots in the bus.
  return <ProfilePlots key={profile.id} profile={profile} />;
}

function ProfilePlots({ profile }: { profile: Profile }) {
  const connection = useConnectionState(profile.id);
  // A reconnect keeps the views (and the bus keeps their history); only a closed connection empties the tab.
  const isConnected = canReceive(connection.state) || connection.state === 'reconnecting';
  const isReady = canReceive(connection.state);
  const simulator = useSimulatorStatus(profile.id);
  const publishedChannels = simulator.data?.state === 'running' ? simulator.data.channels : NO_CHANNELS;
  const { setup, store } = usePlotSetup(profile.id);
  const { plots } = usePlotStore();
  const { openedChannels, eegShown, customCharts } = setup;
  const discovered = useEegStreams(profile.id, isReady, publishedChannels);
  const eegStreams = mergeStreams(
    discovered.streams,
    openedChannels.map((channel) => ({ channel, fieldPath: EEG_FIELD_PATH })),
  );
  const setEegShown = (channel: string, isShown: boolean): void => {
    store.change(profile.id, (previous) => ({ ...previous, eegShown: { ...previous.eegShown, [channel]: isShown } }));
    // A hidden view's plots close in the bus; showing it again starts them afresh.
    if (!isShown) plots.release(eegViewKey(channel));
  };
  const [lookAgainCount, setLookAgainCount] = useState(0);
  const senders = useTelemetrySources(profile.id, isReady, lookAgainCount);
  const [isAdding, setIsAdding] = useState(false);

  const offeredCharts = useMemo<TelemetryChartDefinition[]>(
    () =>
      senders.flatMap(({ source, ids }): TelemetryChartDefinition[] =>
        ids.length === 0
          ? [{ key: source.channel, title: source.channel, target: { kind: 'channel', name: source.channel }, fieldPaths: source.fieldPaths, match: null }]
          : ids.map((id) => ({
              key: `${source.channel}#${id}`,
              title: `${id} (${source.noun})`,
              target: { kind: 'channel', name: source.channel },
              fieldPaths: source.fieldPaths,
              match: { path: source.idPath, equals: id },
            })),
      ),
    [senders],
  );

  if (!isConnected) {
    return (
      <div className="plots-section">
        <Notice tone="info" title="Not connected">
          Connect to this server on the Connection tab to see its live plots.
        </Notice>
      </div>
    );
  }

  const knownChannels = [...new Set([...eegStreams.map((stream) => stream.channel), ...TELEMETRY_SOURCES.map((source) => source.channel), ...publishedChannels])];
  const isEegShown = (channel: string, index: number): boolean => eegShown[channel] ?? index === 0;

  return (
    <div className="plots-section">
      {connection.state === 'reconnecting' && (
        <Notice tone="warning">The connection dropped; the plots continue when Labwire is back in touch with the server.</Notice>
      )}
      <section className="plots-group" aria-labelledby="plots-eeg-title">
        <div className="plots-group-header">
          <h2 id="plots-eeg-title">EEG</h2>
          <OpenStreamForm
            onOpen={(channel) =>
              store.change(profile.id, (previous) => ({
                ...previous,
                openedChannels: previous.openedChannels.includes(channel) ? previous.openedChannels : [...previous.openedChannels, channel],
                eegShown: { ...previous.eegShown, [channel]: true },
              }))
            }
          />
        </div>
        {eegStreams.length === 0 && (
          <p className="muted plots-empty">
            No EEG streams found yet. Labwire offers a view for each <code>{EEG_CHANNEL_PATTERN}</code> channel, and each channel whose messages carry
            multichannel samples, as soon as their messages arrive; you can also open one by name.
          </p>
        )}
        {discovered.scope !== null && discovered.scope !== 'all-channels' && (
          <Notice tone="info">
            {discovered.scope === 'eeg-channels'
              ? `This server does not let Labwire listen to every channel, so only channels named ${EEG_CHANNEL_PATTERN} are offered; open others by name.`
              : 'This server does not let Labwire listen for EEG streams by pattern; open a stream by name.'}
          </Notice>
        )}
        {eegStreams.map(({ channel, fieldPath }, index) =>
          isEegShown(channel, index) ? (
            <EegView
              key={channel}
              profileId={profile.id}
              channel={channel}
              fieldPath={fieldPath}
              demoSkipped={simulator.data?.state === 'running' && publishedChannels.includes(channel) ? demoSkipsOf(simulator.data) : null}
              onHide={() => setEegShown(channel, false)}
            />
          ) : (
            <div key={channel} className="card plot-collapsed">
              <span>
                EEG <code>{channel}</code>
              </span>
              <button type="button" className="small" onClick={() => setEegShown(channel, true)}>
                Show {channel}
              </button>
            </div>
          ),
        )}
      </section>

      <section className="plots-group" aria-labelledby="plots-telemetry-title">
        <div className="plots-group-header">
          <h2 id="plots-telemetry-title">Telemetry</h2>
          <div className="button-row">
            <button type="button" className="small" onClick={() => setLookAgainCount(lookAgainCount + 1)}>
              Look for devices again
            </button>
            <button type="button" className="small" onClick={() => setIsAdding(true)} disabled={isAdding}>
              Add chart
            </button>
          </div>
        </div>
        {isAdding && (
          <AddChartForm
            profileId={profile.id}
            knownChannels={knownChannels}
            onCancel={() => setIsAdding(false)}
            onAdd={(chart) => {
              store.change(profile.id, (previous) => ({
                ...previous,
                customCharts: [...previous.customCharts, { ...chart, key: `custom-${previous.nextChartNumber}` }],
                nextChartNumber: previous.nextChartNumber + 1,
              }));
              setIsAdding(false);
            }}
          />
        )}
        {offeredCharts.length === 0 && customCharts.length === 0 && (
          <p className="muted plots-empty">
            Listening for device telemetry on {TELEMETRY_SOURCES.map((source) => source.channel).join(' and ')}… Charts appear here for each device that
            publishes. Use Add chart to plot fields of any other channel.
          </p>
        )}
        <div className="telemetry-grid">
          {offeredCharts.map((chart) => (
            <TelemetryView key={chart.key} profileId={profile.id} chart={chart} />
          ))}
          {customCharts.map((chart) => (
            <TelemetryView key={chart.key} profileId={profile.id} chart={chart} onRemove={() => {
                store.change(profile.id, (previous) => ({ ...previous, customCharts: previous.customCharts.filter((other) => other.key !== chart.key) }));
                plots.release(chartViewKey(chart.key));
              }} />
          ))}
        </div>
      </section>
    </div>
  );
}

/** Opens an EEG view for a channel nobody discovered (no consumer listens on it yet). */
function OpenStreamForm({ onOpen }: { onOpen(channel: string): void }) {
  const [channel, setChannel] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = channel.trim();
    if (!isEegChannel(trimmed)) {
      setProblem('EEG channels are pub/sub channels named user:{id}:raw, for example user:jamie:raw.');
      return;
    }
    setProblem(null);
    setChannel('');
    onOpen(trimmed);
  };
  return (
    // "Channel", as the Live channels tab says: "Open stream" sent people to the Streams tab, whose streams are Redis Streams.
    // The problem goes under the row, right-aligned: inside the row it took a line of its own and pulled the form under the title.
    <div className="open-stream">
      <form className="open-stream-form" aria-label="Open an EEG channel" onSubmit={onSubmit} noValidate>
        <label htmlFor="open-eeg-channel">Open EEG channel</label>
        <input
          id="open-eeg-channel"
          value={channel}
          placeholder="user:jamie:raw"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'open-eeg-problem' : undefined}
          onChange={(event) => setChannel(event.target.value)}
        />
        <button type="submit" className="small">
          Open
        </button>
      </form>
      {problem && (
        <p className="field-problem" id="open-eeg-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The demo's skips as the EEG gap note counts them: every user's stream skips the same samples. */
function demoSkipsOf(status: Extract<SimulatorStatus, { state: 'running' }>): DemoSkips {
  const users = Math.max(1, status.options.eegUsers);
  return { samplesOfThisStream: Math.round(status.skippedEegSamples / users), messagesOfAnyChannel: status.skippedMessages };
}
