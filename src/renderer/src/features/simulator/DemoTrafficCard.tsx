import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Profile } from '../../../../shared/profile';
import { DEFAULT_SIMULATOR_OPTIONS, type SimulatorOptions, type SimulatorStatus } from '../../../../shared/simulator';
import { useSimulatorStatus } from '../../api/busQueries';
import { queryKeys } from '../../api/queryKeys';
import { describeError } from '../../api/requestError';
import { useBusMutation } from '../../api/useBusMutation';
import { CheckboxField } from '../../components/CheckboxField';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { checkSimulatorForm, simulatorFormFromOptions, type SimulatorForm } from './simulatorForm';
import { SimulatorStatusLine } from './SimulatorStatusLine';

/** Made-up EEG and lab traffic on a ready server, or generated here for the demo profile, so the console can be tried without instruments. */
export function DemoTrafficCard({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const status = useSimulatorStatus(profile.id);
  const start = useBusMutation('simulator:start');
  const stop = useBusMutation('simulator:stop');
  const [form, setForm] = useState<SimulatorForm>(() => simulatorFormFromOptions(DEFAULT_SIMULATOR_OPTIONS));
  const [isConfirming, setIsConfirming] = useState(false);
  const check = checkSimulatorForm(form);
  const problems = check.isValid ? {} : check.problems;
  const isRunning = status.data?.state === 'running';
  const error = start.error ?? stop.error ?? status.error;

  const remember = (next: SimulatorStatus): void => {
    queryClient.setQueryData(queryKeys.simulatorStatus(profile.id), next);
  };
  const startWith = (options: SimulatorOptions): void => start.mutate({ profileId: profile.id, options }, { onSuccess: remember });

  const onStart = (): void => {
    if (!check.isValid) return;
    start.reset();
    stop.reset();
    if (profile.isProduction) setIsConfirming(true);
    else startWith(check.options);
  };

  if (profile.isReadOnly) {
    return (
      <section className="card" aria-labelledby="demo-traffic-title">
        <h2 id="demo-traffic-title">Demo traffic</h2>
        <p className="muted">This profile is read-only, so Labwire will not publish demo traffic to it.</p>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="demo-traffic-title">
      <h2 id="demo-traffic-title">Demo traffic</h2>
      <p className="field-hint">
        {profile.isDemo === true
          ? 'Generates made-up EEG samples and lab messages on this computer, straight into lanes and plots. There is no server: nothing is published.'
          : 'Publishes made-up EEG samples and lab messages on this server, so you can try the console without instruments.'}
      </p>
      <fieldset className="simulator-fields" disabled={isRunning}>
        <legend className="visually-hidden">Demo traffic settings</legend>
        <div className="field-grid field-grid-3">
          <TextField id="simulator-eegUsers" label="EEG users" inputMode="numeric" value={form.eegUsers} problem={problems.eegUsers} onChange={(eegUsers) => setForm({ ...form, eegUsers })} />
          <TextField id="simulator-eegRateHz" label="Samples per second" inputMode="numeric" value={form.eegRateHz} problem={problems.eegRateHz} onChange={(eegRateHz) => setForm({ ...form, eegRateHz })} />
          <TextField id="simulator-eegChannels" label="EEG channels" inputMode="numeric" value={form.eegChannels} problem={problems.eegChannels} onChange={(eegChannels) => setForm({ ...form, eegChannels })} />
        </div>
        <CheckboxField
          id="simulator-shouldPublishLabChannels"
          label="Also publish telemetry, agent, task and alert messages"
          checked={form.shouldPublishLabChannels}
          onChange={(shouldPublishLabChannels) => setForm({ ...form, shouldPublishLabChannels })}
        />
      </fieldset>
      <div className="button-row">
        {isRunning ? (
          <button type="button" onClick={() => stop.mutate({ profileId: profile.id }, { onSuccess: remember })} disabled={stop.isPending}>
            Stop demo traffic
          </button>
        ) : (
          <button type="button" className="primary" onClick={onStart} disabled={!check.isValid || start.isPending}>
            Start demo traffic
          </button>
        )}
      </div>
      <SimulatorStatusLine status={status.data} hasNoServer={profile.isDemo === true} />
      {status.data?.state === 'running' && status.data.channels.length > 0 && (
        <details className="simulator-channels">
          <summary>Channels in use ({status.data.channels.length})</summary>
          <ul>
            {status.data.channels.map((channel) => (
              <li key={channel}>
                <code>{channel}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      {error && (
        <Notice tone="error" role="alert">
          {describeError(error)}
        </Notice>
      )}
      <ConfirmDialog
        isOpen={isConfirming}
        title="Publish demo traffic to a production server?"
        message={`"${profile.name}" is marked as production. Demo traffic publishes made-up EEG and lab messages that other systems on this server may act on.`}
        confirmLabel="Publish demo traffic"
        isDangerous
        onCancel={() => setIsConfirming(false)}
        onConfirm={() => {
          setIsConfirming(false);
          if (check.isValid) startWith(check.options);
        }}
      />
    </section>
  );
}
