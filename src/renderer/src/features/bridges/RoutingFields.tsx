/** Where records are published, in which envelope, and where commands and replies travel. */
import { CheckboxField } from '../../components/CheckboxField';
import { TextField } from '../../components/TextField';
import type { BridgeFieldsProps } from './bridgeFieldProps';

export function RoutingFields({ form, problems, change }: BridgeFieldsProps) {
  return (
    <fieldset className="bridge-fieldset">
      <legend>Redis channels</legend>
      <TextField
        id="bridge-channelTemplate"
        label="Publish records to channel"
        value={form.channelTemplate}
        placeholder="devices:telemetry"
        hint="{device_id} and any other {field} are replaced by that field of each record, also one inside it such as {data.device_id}; e.g. devices:{device_id}:telemetry."
        problem={problems.channelTemplate}
        onChange={(channelTemplate) => change({ channelTemplate })}
      />
      <CheckboxField
        id="bridge-shouldWrapInEnvelope"
        label="Wrap each record in the lab envelope"
        hint="Publishes {channel, source, timestamp, data}, as the lab's consumers expect. Off publishes the record's own JSON (or raw bytes)."
        checked={form.shouldWrapInEnvelope}
        onChange={(shouldWrapInEnvelope) => change({ shouldWrapInEnvelope })}
      />
      <div className="field-grid field-grid-2">
        <TextField
          id="bridge-sourceName"
          label="Envelope source"
          value={form.sourceName}
          placeholder="the bridge's name"
          hint="The envelope's source field; empty uses the bridge's name."
          problem={problems.sourceName}
          onChange={(sourceName) => change({ sourceName })}
        />
        <TextField
          id="bridge-deviceId"
          label="Device ID"
          value={form.deviceId}
          placeholder="incubator-3"
          hint="Fills {device_id} in the command channel, and in record channels for records that carry no device_id."
          problem={problems.deviceId}
          onChange={(deviceId) => change({ deviceId })}
        />
        <TextField
          id="bridge-commandChannel"
          label="Command channel"
          value={form.commandChannel}
          placeholder="devices:{device_id}:commands"
          hint="Each message published here is written to the device once, in the chosen framing. Empty: no commands."
          problem={problems.commandChannel}
          onChange={(commandChannel) => change({ commandChannel })}
        />
        <TextField
          id="bridge-replyChannel"
          label="Reply channel"
          value={form.replyChannel}
          placeholder="devices:{device_id}:replies"
          hint="Where the device's answers to commands go. Empty publishes them like every other record."
          problem={problems.replyChannel}
          onChange={(replyChannel) => change({ replyChannel })}
        />
      </div>
    </fieldset>
  );
}
