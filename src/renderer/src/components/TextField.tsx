import type { HTMLInputTypeAttribute } from 'react';
import { FieldNotes, fieldNoteIds } from './FieldNotes';

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** Shown under the field in words; marks the field invalid. */
  problem?: string | undefined;
  hint?: string;
  placeholder?: string;
  type?: HTMLInputTypeAttribute;
  inputMode?: 'text' | 'numeric';
  autoComplete?: string;
  className?: string;
}

export function TextField({ id, label, value, onChange, problem, hint, placeholder, type = 'text', inputMode, autoComplete = 'off', className }: TextFieldProps) {
  const { describedBy } = fieldNoteIds(id, hint, problem);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldNotes id={id} hint={hint} problem={problem} />
    </div>
  );
}
