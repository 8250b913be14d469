import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Profile } from '../../../../shared/profile';
import { findProfileProblems } from '../../../../shared/profileValidation';
import { queryKeys } from '../../api/queryKeys';
import { describeError, RequestError } from '../../api/requestError';
import { useBusMutation } from '../../api/useBusMutation';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { ColorPicker } from './ColorPicker';
import { PasswordField } from './PasswordField';
import {
  draftFromForm,
  formFromProfile,
  initialPasswordChoice,
  initialSentinelPasswordChoice,
  isFormChanged,
  isPasswordAskedAgain,
  isSentinelPasswordAskedAgain,
  newProfileForm,
  problemsByField,
  type PasswordChoice,
  type ProfileForm,
} from './profileDraft';
import { ProfileFlags } from './ProfileFlags';
import { StreamFields } from './StreamFields';
import { upsertProfile } from './profileList';
import { TestConnectionResult } from './TestConnectionResult';
import { TlsFields } from './TlsFields';
import { TopologyFields } from './TopologyFields';
import { dataPasswordText, dataTlsLegend } from './topologyText';

interface ProfileEditorProps {
  /** Absent while creating a new profile. */
  profile?: Profile;
  onSaved(profile: Profile): void;
  onDuplicated(profile: Profile): void;
  onDeleted(id: string): void;
  onCancel?(): void;
}

/** The element id of a field, from its dotted path ("tls.caFile" → "profile-tls-caFile"). */
function fieldId(field: string): string {
  // A node list is one text box: "topology.seeds.0.port" is a line of "topology.seeds".
  const box = field.replace(/^(topology\.(?:sentinels|seeds|natMap))\..*$/, '$1');
  return `profile-${box.replace(/\./g, '-')}`;
}

/** A field the bus named when it refused the draft ("draft.port" from a test, "port" from a save). */
function refusedField(error: Error | null): { field: string; message: string } | null {
  if (!(error instanceof RequestError) || !error.busError.field) return null;
  return { field: error.busError.field.replace(/^draft\./, ''), message: error.busError.message };
}

export function ProfileEditor({ profile, onSaved, onDuplicated, onDeleted, onCancel }: ProfileEditorProps) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ProfileForm>(() => (profile ? formFromProfile(profile) : newProfileForm()));
  const [password, setPassword] = useState<PasswordChoice>(() => initialPasswordChoice(profile));
  const [sentinelPassword, setSentinelPassword] = useState<PasswordChoice>(() => initialSentinelPasswordChoice(profile));
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [shouldShowAllProblems, setShouldShowAllProblems] = useState(false);
  const [savedMessage, setSavedMessage] = useState('');
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const save = useBusMutation('profiles:save');
  const test = useBusMutation('connection:test');
  // The form is taller than a laptop screen: the answer to "Test connection" is brought into view, not left below the fold.
  const testResultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (test.isPending || test.data !== undefined || test.error) testResultRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [test.isPending, test.data, test.error]);
  const duplicate = useBusMutation('profiles:duplicate');
  const remove = useBusMutation('profiles:delete');

  const draft = draftFromForm(form, profile?.id, password, sentinelPassword);
  const problems = problemsByField(findProfileProblems(draft));
  const refused = refusedField(save.error) ?? refusedField(test.error);
  if (refused && !problems.has(refused.field)) problems.set(refused.field, refused.message);
  const visibleProblems = new Map([...problems].filter(([field]) => shouldShowAllProblems || touched.has(field) || touched.has(field.split('.')[0] ?? '') || field === refused?.field));
  const isChanged = isFormChanged(form, profile, password, sentinelPassword);
  const isAskedAgain = isPasswordAskedAgain(draft, profile);
  const actionError = [save.error, duplicate.error, remove.error].find((error) => error && !refusedField(error)) ?? null;

  const edit = (field: string, next: ProfileForm): void => {
    setForm(next);
    setTouched((fields) => new Set(fields).add(field));
    setSavedMessage('');
    save.reset();
    test.reset();
  };

  const editPassword = (choice: PasswordChoice): void => {
    setPassword(choice);
    setTouched((fields) => new Set(fields).add('password'));
    setSavedMessage('');
    test.reset();
  };

  /** False (and the first problem focused) when the draft cannot be sent yet. */
  const isReadyToSend = (): boolean => {
    if (problems.size === 0) return true;
    setShouldShowAllProblems(true);
    const [firstField] = problems.keys();
    if (firstField) document.getElementById(fieldId(firstField))?.focus();
    return false;
  };

  const rememberProfile = (saved: Profile): void =>
    void queryClient.setQueryData<Profile[]>(queryKeys.profiles, (list) => upsertProfile(list, saved));

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    if (!isReadyToSend()) return;
    save.mutate(draft, {
      onSuccess: (saved) => {
        rememberProfile(saved);
        setForm(formFromProfile(saved));
        setPassword(initialPasswordChoice(saved));
        setSentinelPassword(initialSentinelPasswordChoice(saved));
        setTouched(new Set());
        setShouldShowAllProblems(false);
        const isPasswordDropped = profile?.hasPassword === true && !saved.hasPassword && password.kind !== 'remove';
        setSavedMessage(
          isPasswordDropped
            ? `Saved "${saved.name}". The old password was not kept because the server changed; enter the new server's password if it needs one.`
            : `Saved "${saved.name}".`,
        );
        onSaved(saved);
      },
      onError: focusRefusedField,
    });
  };

  /** The bus named a field (a missing certificate file, say): bring it into view, where its message shows. */
  const focusRefusedField = (error: Error): void => {
    const refusal = refusedField(error);
    if (refusal) document.getElementById(fieldId(refusal.field))?.focus();
  };

  const onTest = (): void => {
    if (!isReadyToSend()) return;
    test.mutate({ draft }, { onError: focusRefusedField });
  };

  const titleId = profile ? 'profile-editor-title' : 'new-profile-title';
  return (
    <form className="card profile-editor" aria-labelledby={titleId} onSubmit={onSubmit} noValidate>
      <h2 id={titleId}>{profile ? 'Profile settings' : 'New connection profile'}</h2>
      {profile?.isManagedLocal && (
        <p className="field-hint">Labwire started this Redis itself and keeps its address and port up to date; change the other settings as you like.</p>
      )}
      <div className="field-grid">
        <TextField id="profile-name" label="Name" value={form.name} placeholder="e.g. Lab 2 Redis" className="field-wide" problem={visibleProblems.get('name')} onChange={(name) => edit('name', { ...form, name })} />
      </div>
      {/* The mode comes first: it decides which addresses, users and passwords the fields below are for. */}
      <TopologyFields
        topology={form.topology}
        problems={visibleProblems}
        onChange={(topology) => edit('topology', { ...form, topology })}
        hasStoredSentinelPassword={profile?.hasSentinelPassword === true}
        isSentinelPasswordAskedAgain={isSentinelPasswordAskedAgain(draft, profile)}
        sentinelPassword={sentinelPassword}
        onSentinelPasswordChange={(choice) => {
          setSentinelPassword(choice);
          setSavedMessage('');
          test.reset();
        }}
        shouldChooseTlsFiles={profile?.shouldChooseTlsFiles === true}
      />
      <div className="field-grid">
        {form.topology.mode === 'standalone' && (<TextField id="profile-host" label="Address (host)" value={form.host} placeholder="127.0.0.1 or redis.lab.local" hint="IP address or host name of the Redis server." problem={visibleProblems.get('host')} onChange={(host) => edit('host', { ...form, host })} />)}
        {form.topology.mode === 'standalone' && (<TextField id="profile-port" label="Port" value={form.port} inputMode="numeric" hint="Redis normally uses 6379." problem={visibleProblems.get('port')} onChange={(port) => edit('port', { ...form, port })} />)}
        <TextField id="profile-username" label="User name" value={form.username} placeholder="default" hint="Leave empty for the default user." autoComplete="username" problem={visibleProblems.get('username')} onChange={(username) => edit('username', { ...form, username })} />
        {/* A cluster has only database 0; the draft sends 0 in Cluster mode. */}
        {form.topology.mode !== 'cluster' && <TextField id="profile-db" label="Database number" value={form.db} inputMode="numeric" hint="Most labs use 0." problem={visibleProblems.get('db')} onChange={(db) => edit('db', { ...form, db })} />}
        <PasswordField hasStoredPassword={profile?.hasPassword ?? false} isAskedAgain={isAskedAgain} choice={password} onChange={editPassword} problem={visibleProblems.get('password')} text={dataPasswordText(form.topology.mode)} />
      </div>
      <TlsFields tls={form.tls} legend={dataTlsLegend(form.topology.mode)} shouldChooseFiles={profile?.shouldChooseTlsFiles === true} problems={visibleProblems} onChange={(tls) => edit('tls', { ...form, tls })} />
      <ColorPicker value={form.color} onChange={(color) => edit('color', { ...form, color })} />
      <ProfileFlags isReadOnly={form.isReadOnly} isProduction={form.isProduction} onChange={(flags) => edit('flags', { ...form, ...flags })} />
      <StreamFields
        operatorName={form.operatorName}
        deadLetterTemplates={form.deadLetterTemplates}
        problems={visibleProblems}
        onChange={(fields) => edit(fields.operatorName === form.operatorName ? 'deadLetterTemplates' : 'operatorName', { ...form, ...fields })}
      />

      <div className="button-row editor-buttons">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onTest} disabled={test.isPending}>
          Test connection
        </button>
        {profile && isChanged && <span className="unsaved-hint">Unsaved changes</span>}
        <span className="button-row-spacer" />
        {profile ? (
          <>
            <button type="button" disabled={duplicate.isPending} onClick={() => duplicate.mutate(
                  { id: profile.id },
                  {
                    onSuccess: (copy) => {
                      rememberProfile(copy);
                      onDuplicated(copy);
                    },
                  },
                )}>
              Duplicate
            </button>
            <button type="button" className="danger" onClick={() => setIsConfirmingDelete(true)}>
              Delete…
            </button>
          </>
        ) : (
          onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )
        )}
      </div>
      <p className="saved-message" role="status" aria-live="polite">
        {savedMessage}
      </p>
      {actionError && (
        <Notice tone="error" role="alert">
          {describeError(actionError)}
        </Notice>
      )}
      <div ref={testResultRef} className="test-result-anchor">
        <TestConnectionResult isPending={test.isPending} facts={test.data} error={refusedField(test.error) ? null : test.error} />
      </div>

      {profile && (
        <ConfirmDialog
          isOpen={isConfirmingDelete}
          title={`Delete "${profile.name}"?`}
          message="Its settings and stored password are removed from this computer. Nothing on the Redis server is touched."
          confirmLabel="Delete profile"
          isDangerous
          onCancel={() => setIsConfirmingDelete(false)}
          onConfirm={() => {
            setIsConfirmingDelete(false);
            remove.mutate({ id: profile.id }, { onSuccess: () => onDeleted(profile.id) });
          }}
        />
      )}
    </form>
  );
}
