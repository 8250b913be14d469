import { TextField } from '../../components/TextField';
import './streamFields.css';

interface StreamFieldsProps {
  operatorName: string;
  /** One pattern per line. */
  deadLetterTemplates: string;
  problems: ReadonlyMap<string, string>;
  onChange(fields: { operatorName: string; deadLetterTemplates: string }): void;
}

/** Who acts on streams through this profile, and how its dead-letter streams are named. */
export function StreamFields({ operatorName, deadLetterTemplates, problems, onChange }: StreamFieldsProps) {
  const problem = problems.get('deadLetterTemplates');
  return (
    <fieldset className="profile-stream-fields">
      <legend>Streams and audit</legend>
      <TextField
        id="profile-operatorName"
        label="Operator name"
        value={operatorName}
        placeholder="e.g. Alex (night shift)"
        hint={
          operatorName.trim() === ''
            ? 'Not set: acks, claims and replays are written to the audit as "unnamed operator". Enter your name so colleagues know who acted.'
            : 'Written in the audit with every ack, claim, group change and replay.'
        }
        problem={problems.get('operatorName')}
        onChange={(name) => onChange({ operatorName: name, deadLetterTemplates })}
      />
      <div className="field">
        <label htmlFor="profile-deadLetterTemplates">Dead-letter stream names</label>
        <textarea
          id="profile-deadLetterTemplates"
          rows={3}
          value={deadLetterTemplates}
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'profile-deadLetterTemplates-problem profile-deadLetterTemplates-hint' : 'profile-deadLetterTemplates-hint'}
          onChange={(event) => onChange({ operatorName, deadLetterTemplates: event.target.value })}
        />
        <p id="profile-deadLetterTemplates-hint" className="field-hint">
          One pattern per line. {'{stream}'} stands for the stream the failed entries came from: with {'{stream}:dlq'}, the dead letters of lab:tasks are in
          lab:tasks:dlq.
        </p>
        {problem && (
          <p id="profile-deadLetterTemplates-problem" className="field-problem">
            {problem}
          </p>
        )}
      </div>
    </fieldset>
  );
}
