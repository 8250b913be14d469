/** Creates or changes one bridge. Problems are named beside their fields; the bus's refusal too, when it names one. */
import { useState, type FormEvent } from 'react';
import type { BridgeKind, BridgeView } from '../../../../shared/bridges';
import { describeError, RequestError } from '../../api/requestError';
import { useBusMutation } from '../../api/useBusMutation';
import { CheckboxField } from '../../components/CheckboxField';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { checkBridgeForm, formFieldOfBusField, type BridgeForm, type BridgeFormProblems } from './bridgeForm';
import { RecordFields } from './RecordFields';
import { RoutingFields } from './RoutingFields';
import { SerialFields } from './SerialFields';
import { UdpFields } from './UdpFields';
import { useRememberBridge } from './useBridges';

interface BridgeEditorProps {
  profileId: string;
  initialForm: BridgeForm;
  /** The bridge being changed holds its device open now: saving restarts it. */
  isRunning: boolean;
  onSaved(view: BridgeView): void;
  onCancel(): void;
}

const KINDS: ReadonlyArray<{ value: BridgeKind; label: string; hint: string }> = [
  { value: 'serial', label: 'Serial (USB, RS-232)', hint: 'A board or instrument on a serial port.' },
  { value: 'udp', label: 'UDP', hint: 'A device that sends datagrams over the network.' },
];

export function BridgeEditor({ profileId, initialForm, isRunning, onSaved, onCancel }: BridgeEditorProps) {
  const [form, setForm] = useState<BridgeForm>(initialForm);
  const [hasTriedSave, setHasTriedSave] = useState(false);
  const save = useBusMutation('bridges:save');
  const remember = useRememberBridge(profileId);
  const check = checkBridgeForm(form);
  const refusal = save.error instanceof RequestError ? save.error.busError : null;
  const refusedField = formFieldOfBusField(refusal?.field, form);
  const problems: BridgeFormProblems = {
    ...(hasTriedSave && !check.isValid ? check.problems : {}),
    ...(refusal !== null && refusedField !== null ? { [refusedField]: refusal.message } : {}),
  };
  const change = (patch: Partial<BridgeForm>): void => setForm((current) => ({ ...current, ...patch }));
  const isNew = form.id === null;

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    setHasTriedSave(true);
    save.reset();
    if (!check.isValid) return;
    save.mutate(
      { profileId, draft: check.draft },
      {
        onSuccess: (view) => {
          remember(view);
          onSaved(view);
        },
      },
    );
  };

  return (
    <form className="card bridge-editor" aria-label={isNew ? 'New bridge' : `Edit bridge ${initialForm.name}`} onSubmit={onSubmit} noValidate>
      <h2>{isNew ? 'New bridge' : `Edit "${initialForm.name}"`}</h2>
      <div className="field-grid field-grid-2">
        <TextField id="bridge-name" label="Name" value={form.name} placeholder="Incubator board" problem={problems.name} onChange={(name) => change({ name })} />
        <fieldset className="bridge-kind-choice">
          <legend>Kind</legend>
          {KINDS.map((kind) => (
            <label key={kind.value} className="choice" title={kind.hint}>
              <input type="radio" name="bridge-kind" checked={form.kind === kind.value} onChange={() => change({ kind: kind.value })} />
              {kind.label}
            </label>
          ))}
        </fieldset>
      </div>
      {form.kind === 'serial' ? <SerialFields form={form} problems={problems} change={change} /> : <UdpFields form={form} problems={problems} change={change} />}
      <RecordFields form={form} problems={problems} change={change} />
      <RoutingFields form={form} problems={problems} change={change} />
      <CheckboxField
        id="bridge-shouldStartWithProfile"
        label="Start with the profile"
        hint="Starts when this profile's connection opens and when Labwire starts."
        checked={form.shouldStartWithProfile}
        onChange={(shouldStartWithProfile) => change({ shouldStartWithProfile })}
      />
      {isRunning && <p className="field-hint">This bridge is running: saving restarts it with the new settings, and its counters start again from 0.</p>}
      {hasTriedSave && !check.isValid && (
        <Notice tone="error" role="alert">
          Some settings need attention: they are marked above.
        </Notice>
      )}
      {save.error && refusedField === null && (
        <Notice tone="error" role="alert">
          {describeError(save.error)}
        </Notice>
      )}
      {save.error && refusedField !== null && (
        <Notice tone="error" role="alert">
          Not saved: {describeError(save.error)}
        </Notice>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : isNew ? 'Create bridge' : 'Save changes'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
