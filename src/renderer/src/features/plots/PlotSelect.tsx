import { useId } from 'react';

export interface PlotSelectOption<T extends string | number> {
  value: T;
  label: string;
}

interface PlotSelectProps<T extends string | number> {
  label: string;
  value: T;
  options: readonly PlotSelectOption<T>[];
  onChange(value: T): void;
  disabled?: boolean;
  title?: string;
}

/** A compact labelled select for plot toolbars; the value keeps its type (numbers stay numbers). */
export function PlotSelect<T extends string | number>({ label, value, options, onChange, disabled, title }: PlotSelectProps<T>) {
  const id = useId();
  const index = options.findIndex((option) => option.value === value);
  return (
    <div className="plot-select" title={title}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={String(Math.max(0, index))}
        disabled={disabled}
        onChange={(event) => {
          const chosen = options[Number(event.target.value)];
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((option, optionIndex) => (
          <option key={String(option.value)} value={String(optionIndex)}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
