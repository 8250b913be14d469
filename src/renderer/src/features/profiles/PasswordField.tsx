import type { PasswordChoice } from './profileDraft';

/** What one password field is called and says: the data servers' password, or the sentinels' own. */
export interface PasswordFieldText {
  /** The input's id; problems keyed by the field name focus it. */
  id: string;
  label: string;
  /** Prefix of the test ids: `${testId}-state`, `${testId}-asked-again`. */
  testId: string;
  /** Under an empty field when nothing is stored. */
  emptyHint: string;
  askedAgainText: string;
}

export const PASSWORD_ASKED_AGAIN_TEXT =
  'The server settings changed (address, port, user name or encryption), so Labwire will ask for the password again. Enter it here, or leave it empty if this server has no password.';

export const DATA_PASSWORD_TEXT: PasswordFieldText = {
  id: 'profile-password',
  label: 'Password',
  testId: 'password',
  emptyHint: 'Leave empty if the server has no password.',
  askedAgainText: PASSWORD_ASKED_AGAIN_TEXT,
};

interface PasswordFieldProps {
  hasStoredPassword: boolean;
  /** The address, port, user or TLS settings changed: the stored password will not be sent or kept. */
  isAskedAgain: boolean;
  choice: PasswordChoice;
  onChange(choice: PasswordChoice): void;
  problem?: string | undefined;
  text?: PasswordFieldText;
}

/** Write-only: a stored password is never shown, only replaced or removed. */
export function PasswordField({ hasStoredPassword, isAskedAgain, choice, onChange, problem, text = DATA_PASSWORD_TEXT }: PasswordFieldProps) {
  const problemId = problem ? `${text.id}-problem` : undefined;
  const hintId = `${text.id}-hint`;
  if (isAskedAgain) return <AskedAgainField choice={choice} onChange={onChange} problem={problem} text={text} />;
  return (
    <div className="field field-wide password-field">
      {choice.kind === 'replace' ? (
        <>
          <label htmlFor={text.id}>{hasStoredPassword ? `New ${text.label.toLowerCase()}` : text.label}</label>
          <div className="inline-controls">
            <input
              id={text.id}
              type="password"
              autoComplete="new-password"
              value={choice.value}
              aria-invalid={problem ? true : undefined}
              aria-describedby={[problemId, hintId].filter(Boolean).join(' ')}
              onChange={(event) => onChange({ kind: 'replace', value: event.target.value })}
            />
            {hasStoredPassword && (
              <button type="button" onClick={() => onChange({ kind: 'keep' })}>
                Keep stored password
              </button>
            )}
          </div>
          <p id={hintId} className="field-hint">
            {hasStoredPassword ? 'Saving replaces the stored password.' : text.emptyHint}
          </p>
        </>
      ) : (
        <>
          <span className="field-label" id={`${text.id}-label`}>
            {text.label}
          </span>
          <div className="inline-controls" role="group" aria-labelledby={`${text.id}-label`}>
            <span className="password-state" data-testid={`${text.testId}-state`}>
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
function AskedAgainField({ choice, onChange, problem, text }: Pick<PasswordFieldProps, 'choice' | 'onChange' | 'problem'> & { text: PasswordFieldText }) {
  const problemId = problem ? `${text.id}-problem` : undefined;
  const hintId = `${text.id}-hint`;
  return (
    <div className="field field-wide password-field">
      <label htmlFor={text.id}>{text.label}</label>
      <input
        id={text.id}
        type="password"
        autoComplete="new-password"
        value={choice.kind === 'replace' ? choice.value : ''}
        aria-invalid={problem ? true : undefined}
        aria-describedby={[problemId, hintId].filter(Boolean).join(' ')}
        onChange={(event) => onChange({ kind: 'replace', value: event.target.value })}
      />
      <p id={hintId} className="field-warning" role="status" data-testid={`${text.testId}-asked-again`}>
        {text.askedAgainText}
      </p>
      {problem && (
        <p id={problemId} className="field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
