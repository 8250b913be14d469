import { DECODER_CHOICES, type DecoderChoice } from '../../../../shared/liveChannels';
import { DECODER_LABELS } from './laneDescriptions';

interface DecoderSelectProps {
  id: string;
  label: string;
  value: DecoderChoice;
  onChange(decoder: DecoderChoice): void;
  isDisabled?: boolean;
  /** Hide the label visually (it stays the control's name). */
  isLabelHidden?: boolean;
}

/** Automatic detection, or one decoder pinned for payloads that would be guessed wrong. */
export function DecoderSelect({ id, label, value, onChange, isDisabled = false, isLabelHidden = false }: DecoderSelectProps) {
  return (
    <div className="field decoder-select">
      <label htmlFor={id} className={isLabelHidden ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <select id={id} value={value} disabled={isDisabled} onChange={(event) => onChange(event.target.value as DecoderChoice)}>
        {DECODER_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {DECODER_LABELS[choice]}
          </option>
        ))}
      </select>
    </div>
  );
}
