import type { PasswordChoice } from './profileDraft';

interface PasswordFieldProps {
  hasStoredPassword: boolean;
  choice: PasswordChoice;
  onChange(choice: PasswordChoice): void;
  problem?: string | undefined;
}

/** Write-only: a stored password is never shown, only replaced or removed. */
export function PasswordField({ hasStoredPassword, choice, onChange, problem }: PasswordFieldProps) {
  const problemId = problem ? 'profile-password-problem' : undefined;
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
