import type { PasswordChoice } from './profileDraft';

interface PasswordFieldProps {
  hasStoredPassword: boolean;
  /** The address, port, user or TLS settings changed: the stored password will not be sent or kept. */
  isAskedAgain: boolean;
  choice: PasswordChoice;
  onChange(choice: PasswordChoice): void;
  problem?: string | undefined;
}

export const PASSWORD_ASKED_AGAIN_TEXT =
  'The server settings changed (address, port, user name or encryption), so Labwire will ask for the password again. Enter it here, or leave it empty if this server has no password.';

/** Write-only: a stored password is never shown, only replaced or removed. */
export function PasswordField({ hasStoredPassword, isAskedAgain, choice, onChange, problem }: PasswordFieldProps) {
  const problemId = problem ? 'profile-password-problem' : undefined;
  if (isAskedAgain) return <AskedAgainField choice={choice} onChange={onChange} problem={problem} />;
  return (
    <div className="field field-wide password-field">
      {choice.kind === 'replace' ? (
        <>
          <label htmlFor="profile-password">{hasStoredPassword ? 'New password' : 'Password'}</label>
          <div className="inline-controls">
            <input
              id="profile-password"
              type="password"
              autoComplete="new-password"
              value={choice.value}
              aria-invalid={problem ? true : undefined}
              aria-describedby={[problemId, 'profile-password-hint'].filter(Boolean).join(' ')}
              onChange={(event) => onChange({ kind: 'replace', value: event.target.value })}
            />
            {hasStoredPassword && (
              <button type="button" onClick={() => onChange({ kind: 'keep' })}>
                Keep stored password
              </button>
            )}
          </div>
          <p id="profile-password-hint" className="field-hint">
            {hasStoredPassword ? 'Saving replaces the stored password.' : 'Leave empty if the server has no password.'}
          </p>
        </>
      ) : (
        <>
          <span className="field-label" id="profile-password-label">
            Password
          </span>
          <div className="inline-controls" role="group" aria-labelledby="profile-password-label">
            <span className="password-state" data-testid="password-state">
              {choice.kind === 'keep' ? 'stored' : 'will be removed when you save'}
            </span>
            {choice.kind === 'keep' ? (
              <>
                <button type="button" onClick={() => onChange({ kind: 'replace', value: '' })}>
                  Replace password
                </button>
                <button type="button" onClick={() => onChange({ kind: 'remove' })}>
                  Remove password
                </button>
              </>
            ) : (
              <button type="button" onClick={() => onChange({ kind: 'keep' })}>
                Keep stored password
              </button>
            )}
          </div>
        </>
      )}
      {problem && (
        <p id={problemId} className="field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The stored password belongs to the old server: only a typed one can go to the new one. */
function AskedAgainField({ choice, onChange, problem }: Pick<PasswordFieldProps, 'choice' | 'onChange' | 'problem'>) {
  const problemId = problem ? 'profile-password-problem' : undefined;
  return (
    <div className="field field-wide password-field">
      <label htmlFor="profile-password">Password</label>
      <input
        id="profile-password"
        type="password"
        autoComplete="new-password"
        value={choice.kind === 'replace' ? choice.value : ''}
        aria-invalid={problem ? true : undefined}
        aria-describedby={[problemId, 'profile-password-hint'].filter(Boolean).join(' ')}
        onChange={(event) => onChange({ kind: 'replace', value: event.target.value })}
      />
      <p id="profile-password-hint" className="field-warning" role="status" data-testid="password-asked-again">
        {PASSWORD_ASKED_AGAIN_TEXT}
      </p>
      {problem && (
        <p id={problemId} className="field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
