/** A labelled <select> with a one-line hint, for fixed choices (the TextField of a choice). */
import { FieldNotes, fieldNoteIds } from './FieldNotes';

interface SelectFieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange(value: T): void;
  hint?: string;
  problem?: string | undefined;
}

export function SelectField<T extends string>({ id, label, value, options, onChange, hint, problem }: SelectFieldProps<T>) {
  const { describedBy } = fieldNoteIds(id, hint, problem);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(options.find((option) => option.value === event.target.value)?.value ?? value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} problem={problem} />
    </div>
  );
}
