/** The serial port, its line settings and the stall watchdog. */
import type { SerialPortInfo } from '../../../../shared/bridges';
import { describeError } from '../../api/requestError';
import { CheckboxField } from '../../components/CheckboxField';
import { TextField } from '../../components/TextField';
import { COMMON_BAUD_RATES, CUSTOM_BAUD, type BridgeForm } from './bridgeForm';
import type { BridgeFieldsProps } from './bridgeFieldProps';
import { SelectField } from '../../components/SelectField';
import { useSerialPorts } from './useBridges';
import { formatCount } from '../../../../shared/countWords';

const BAUD_OPTIONS = [...COMMON_BAUD_RATES.map((rate) => ({ value: String(rate), label: formatCount(rate) })), { value: CUSTOM_BAUD, label: 'Other…' }];
const DATA_BITS = [8, 7, 6, 5] as const;
const STOP_BITS = [1, 2] as const;
const PARITY_OPTIONS = [
  { value: 'none', label: 'None' },
  { value: 'even', label: 'Even' },
  { value: 'odd', label: 'Odd' },
] as const;

function portLabel(port: SerialPortInfo): string {
  const ids = port.vendorId !== '' ? ` · ${port.vendorId}:${port.productId}` : '';
  const serial = port.serialNumber !== '' ? ` · serial ${port.serialNumber}` : '';
  return `${port.path}${port.manufacturer !== '' ? ` · ${port.manufacturer}` : ''}${ids}${serial}`;
}

function choosePort(port: SerialPortInfo): Partial<BridgeForm> {
  const hasIds = port.vendorId !== '' || port.serialNumber !== '';
  return { serialPath: port.path, vendorId: port.vendorId, productId: port.productId, serialNumber: port.serialNumber, shouldFindByIds: hasIds };
}

export function SerialFields({ form, problems, change }: BridgeFieldsProps) {
  const ports = useSerialPorts(true);
  const listed = ports.data?.ports ?? [];
  return (
    <fieldset className="bridge-fieldset">
      <legend>Serial port</legend>
      <div className="bridge-ports">
        <div className="field">
          <label htmlFor="bridge-port-list">Ports on this computer</label>
          <select
            id="bridge-port-list"
            value={listed.some((port) => port.path === form.serialPath) ? form.serialPath : ''}
            onChange={(event) => {
              const port = listed.find((candidate) => candidate.path === event.target.value);
              if (port) change(choosePort(port));
            }}
          >
            <option value="">{ports.isFetching ? 'Listing ports…' : listed.length === 0 ? 'No ports listed' : 'Choose a port…'}</option>
            {listed.map((port) => (
              <option key={port.path} value={port.path}>
                {portLabel(port)}
              </option>
            ))}
          </select>
          {ports.data?.note && <p className="field-hint">{ports.data.note}</p>}
          {ports.error && <p className="field-problem">{describeError(ports.error)}</p>}
        </div>
        <button type="button" onClick={() => void ports.refetch()} disabled={ports.isFetching}>
          List again
        </button>
      </div>
      <TextField
        id="bridge-serialPath"
        label="Port path"
        value={form.serialPath}
        placeholder="/dev/ttyUSB0 or COM3"
        hint="Chosen above, or typed by hand when the port is not listed."
        problem={problems.serialPath}
        onChange={(serialPath) => change({ serialPath })}
      />
      <CheckboxField
        id="bridge-shouldFindByIds"
        label="Find this device again by VID/PID and serial number"
        hint="When the path changes (replugged into another USB socket), the bridge opens the port whose IDs match."
        checked={form.shouldFindByIds}
        onChange={(shouldFindByIds) => change({ shouldFindByIds })}
      />
      {form.shouldFindByIds && (
        <div className="field-grid field-grid-3">
          <TextField id="bridge-vendorId" label="Vendor ID (VID)" value={form.vendorId} placeholder="2341" problem={problems.vendorId} onChange={(vendorId) => change({ vendorId })} />
          <TextField id="bridge-productId" label="Product ID (PID)" value={form.productId} placeholder="0043" problem={problems.productId} onChange={(productId) => change({ productId })} />
          <TextField id="bridge-serialNumber" label="Serial number" value={form.serialNumber} problem={problems.serialNumber} onChange={(serialNumber) => change({ serialNumber })} />
        </div>
      )}
      <div className="field-grid field-grid-4">
        <SelectField id="bridge-baudChoice" label="Baud rate" value={form.baudChoice} options={BAUD_OPTIONS} problem={problems.baudChoice} onChange={(baudChoice) => change({ baudChoice })} />
        {form.baudChoice === CUSTOM_BAUD && (
          <TextField id="bridge-customBaudRate" label="Baud rate (bits/s)" inputMode="numeric" value={form.customBaudRate} problem={problems.customBaudRate} onChange={(customBaudRate) => change({ customBaudRate })} />
        )}
        <SelectField
          id="bridge-dataBits"
          label="Data bits"
          value={String(form.dataBits)}
          options={DATA_BITS.map((bits) => ({ value: String(bits), label: String(bits) }))}
          onChange={(bits) => change({ dataBits: DATA_BITS.find((candidate) => String(candidate) === bits) ?? 8 })}
        />
        <SelectField
          id="bridge-stopBits"
          label="Stop bits"
          value={String(form.stopBits)}
          options={STOP_BITS.map((bits) => ({ value: String(bits), label: String(bits) }))}
          onChange={(bits) => change({ stopBits: bits === '2' ? 2 : 1 })}
        />
        <SelectField id="bridge-parity" label="Parity" value={form.parity} options={PARITY_OPTIONS} onChange={(parity) => change({ parity })} />
      </div>
      <div className="field-grid field-grid-2">
        <TextField
          id="bridge-stallSeconds"
          label="Stall watchdog (seconds)"
          inputMode="numeric"
          value={form.stallSeconds}
          hint="No byte for this long is shown as stalled. 0 turns the watchdog off."
          problem={problems.stallSeconds}
          onChange={(stallSeconds) => change({ stallSeconds })}
        />
        <CheckboxField
          id="bridge-shouldReopenOnStall"
          label="Reopen the port when it stalls"
          hint="Closes and opens the port again, which wakes many USB adapters."
          checked={form.shouldReopenOnStall}
          onChange={(shouldReopenOnStall) => change({ shouldReopenOnStall })}
        />
      </div>
    </fieldset>
  );
}
