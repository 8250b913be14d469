import { useId } from 'react';
import { PUBLISH_ENCODINGS, type PublishEncoding } from '../../../../shared/publishing';
import { ENCODING_HINTS, ENCODING_LABELS } from './publishDraft';

export function EncodingChoice({ value, onChange }: { value: PublishEncoding; onChange(encoding: PublishEncoding): void }) {
  const id = useId();
  return (
    <fieldset className="encoding-choice">
      <legend>Encoding</legend>
      <div className="choice-row">
        {PUBLISH_ENCODINGS.map((encoding) => (
          <label key={encoding} className="choice">
            <input type="radio" name={`${id}-encoding`} checked={value === encoding} onChange={() => onChange(encoding)} />
            {ENCODING_LABELS[encoding]}
          </label>
        ))}
      </div>
      <p className="field-hint">{ENCODING_HINTS[value]}</p>
    </fieldset>
  );
}
