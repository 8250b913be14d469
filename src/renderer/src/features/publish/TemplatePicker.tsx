import { useId } from 'react';
import { PUBLISH_TEMPLATES, templatesForChannel } from '../../../../shared/publishTemplates';
import type { PublishTemplate } from '../../../../shared/publishing';

interface TemplatePickerProps {
  channel: string;
  onPick(template: PublishTemplate): void;
}

const NO_TEMPLATE = '';

/** Ready-made commands and messages of the lab's channel roles; those fitting the channel typed come first. */
export function TemplatePicker({ channel, onPick }: TemplatePickerProps) {
  const id = useId();
  const fitting = templatesForChannel(channel);
  const others = PUBLISH_TEMPLATES.filter((template) => !fitting.includes(template));
  const option = (template: PublishTemplate) => (
    <option key={template.id} value={template.id}>
      {template.label} — {template.channel}
    </option>
  );
  return (
    <div className="field template-picker">
      <label htmlFor={`${id}-template`}>Template</label>
      <select
        id={`${id}-template`}
        value={NO_TEMPLATE}
        onChange={(event) => {
          const template = PUBLISH_TEMPLATES.find((candidate) => candidate.id === event.target.value);
          if (template) onPick(template);
        }}
      >
        <option value={NO_TEMPLATE}>Start from a template…</option>
        {fitting.length > 0 && <optgroup label="For this channel">{fitting.map(option)}</optgroup>}
        <optgroup label={fitting.length > 0 ? 'Other channels' : 'All templates'}>{others.map(option)}</optgroup>
      </select>
    </div>
  );
}
