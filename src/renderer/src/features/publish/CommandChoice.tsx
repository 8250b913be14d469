import { useId } from 'react';
import { SHARDED_PUBLISH_EXPLANATION, type PublishCommand } from '../../../../shared/publishing';

const COMMAND_HINTS: Readonly<Record<PublishCommand, string>> = {
  publish: 'PUBLISH reaches every subscriber of the channel, on every node of the cluster. Its count covers only the node that took it.',
  spublish: `${SHARDED_PUBLISH_EXPLANATION} (those that used SSUBSCRIBE); its count covers that shard.`,
};

/** PUBLISH or SPUBLISH; shown on Cluster profiles only, where sharded channels exist. */
export function CommandChoice({ value, onChange }: { value: PublishCommand; onChange(command: PublishCommand): void }) {
  const id = useId();
  return (
    <fieldset className="encoding-choice" data-testid="publish-command-choice">
      <legend>Command</legend>
      <div className="choice-row">
        <label className="choice">
          <input type="radio" name={`${id}-command`} checked={value === 'publish'} onChange={() => onChange('publish')} />
          PUBLISH
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-command`} checked={value === 'spublish'} onChange={() => onChange('spublish')} />
          Sharded (SPUBLISH)
        </label>
      </div>
      <p className="field-hint">{COMMAND_HINTS[value]}</p>
    </fieldset>
  );
}
