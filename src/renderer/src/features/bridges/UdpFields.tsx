/** The UDP socket: where datagrams arrive, where commands go, and a sequence number to watch for gaps. */
import { TextField } from '../../components/TextField';
import { isListeningEverywhere } from './bridgeForm';
import type { BridgeFieldsProps } from './bridgeFieldProps';

export function UdpFields({ form, problems, change }: BridgeFieldsProps) {
  return (
    <fieldset className="bridge-fieldset">
      <legend>UDP socket</legend>
      <div className="field-grid field-grid-2">
        <TextField
          id="bridge-listenHost"
          label="Listen on address"
          value={form.listenHost}
          hint="127.0.0.1 takes datagrams from this computer only."
          problem={problems.listenHost}
          onChange={(listenHost) => change({ listenHost })}
        />
        <TextField id="bridge-listenPort" label="Listen on port" inputMode="numeric" value={form.listenPort} problem={problems.listenPort} onChange={(listenPort) => change({ listenPort })} />
      </div>
      {isListeningEverywhere(form.listenHost) && (
        <p className="field-warning" role="status">
          {form.listenHost.trim()} listens on every network this computer is on: any machine that can reach it can put records into Redis. Use 127.0.0.1 or the one
          address the device sends to.
        </p>
      )}
      <div className="field-grid field-grid-2">
        <TextField
          id="bridge-commandHost"
          label="Send commands to address"
          value={form.commandHost}
          placeholder="192.168.1.40"
          hint="Leave empty to send no commands."
          problem={problems.commandHost}
          onChange={(commandHost) => change({ commandHost })}
        />
        <TextField id="bridge-commandPort" label="Send commands to port" inputMode="numeric" value={form.commandPort} problem={problems.commandPort} onChange={(commandPort) => change({ commandPort })} />
      </div>
      <TextField
        id="bridge-sequencePath"
        label="Sequence number field"
        value={form.sequencePath}
        placeholder="seq"
        hint="The field in each record that counts up by one; missing numbers are counted as gaps. Leave empty when records carry none."
        problem={problems.sequencePath}
        onChange={(sequencePath) => change({ sequencePath })}
      />
    </fieldset>
  );
}
