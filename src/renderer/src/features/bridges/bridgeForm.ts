/**
 * The bridge editor's form: every number kept as typed, checked against the
 * contract's ranges (bridgesContract.ts) before a draft is sent, so a slip
 * is named beside its field instead of coming back from the bus.
 */
import {
  defaultBridgeRouting,
  defaultSerialSettings,
  defaultUdpSettings,
  type BridgeConfig,
  type BridgeKind,
  type Framing,
  type FramingKind,
  type RecordFormat,
  type RecordFormatKind,
  type SerialSettings,
} from '../../../../shared/bridges';

export type LineEnding = Extract<Framing, { kind: 'lines' }>['ending'];
export type CsvDelimiter = Extract<RecordFormat, { kind: 'csv' }>['delimiter'];

/** Rates the common boards and adapters use; anything else is typed as "Other". */
export const COMMON_BAUD_RATES: readonly number[] = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000];
export const CUSTOM_BAUD = 'custom';

export interface BridgeForm {
  id: string | null;
  name: string;
  kind: BridgeKind;
  serialPath: string;
  /** Save the chosen port's VID/PID and serial number so the bridge finds the device again when its path changes. */
  shouldFindByIds: boolean;
  vendorId: string;
  productId: string;
  serialNumber: string;
  /** A common rate as text, or CUSTOM_BAUD. */
  baudChoice: string;
  customBaudRate: string;
  dataBits: SerialSettings['dataBits'];
  stopBits: SerialSettings['stopBits'];
  parity: SerialSettings['parity'];
  stallSeconds: string;
  shouldReopenOnStall: boolean;
  listenHost: string;
  listenPort: string;
  commandHost: string;
  commandPort: string;
  sequencePath: string;
  framingKind: FramingKind;
  lineEnding: LineEnding;
  delimiter: string;
  fixedLength: string;
  silenceGapMs: string;
  formatKind: RecordFormatKind;
  csvDelimiter: CsvDelimiter;
  channelTemplate: string;
  shouldWrapInEnvelope: boolean;
  sourceName: string;
  commandChannel: string;
  replyChannel: string;
  deviceId: string;
  shouldStartWithProfile: boolean;
}

export type BridgeFormField = keyof BridgeForm;
export type BridgeFormProblems = Partial<Record<BridgeFormField, string>>;

export function newBridgeForm(kind: BridgeKind = 'serial'): BridgeForm {
  const serial = defaultSerialSettings();
  const udp = defaultUdpSettings();
  const routing = defaultBridgeRouting();
  return {
    id: null,
    name: '',
    kind,
    serialPath: serial.path,
    shouldFindByIds: false,
    vendorId: '',
    productId: '',
    serialNumber: '',
    baudChoice: String(serial.baudRate),
    customBaudRate: '',
    dataBits: serial.dataBits,
    stopBits: serial.stopBits,
    parity: serial.parity,
    stallSeconds: String(serial.stallAfterMs / 1000),
    shouldReopenOnStall: serial.shouldReopenOnStall,
    listenHost: udp.listenHost,
    listenPort: String(udp.listenPort),
    commandHost: udp.commandHost,
    commandPort: udp.commandPort === 0 ? '' : String(udp.commandPort),
    sequencePath: udp.sequencePath,
    framingKind: 'lines',
    lineEnding: 'any',
    delimiter: ';',
    fixedLength: '16',
    silenceGapMs: '20',
    formatKind: 'json',
    csvDelimiter: ',',
    channelTemplate: routing.channelTemplate,
    shouldWrapInEnvelope: routing.shouldWrapInEnvelope,
    sourceName: routing.sourceName,
    commandChannel: routing.commandChannel,
    replyChannel: routing.replyChannel,
    deviceId: routing.deviceId,
    shouldStartWithProfile: false,
  };
}

export function formFromConfig(config: BridgeConfig): BridgeForm {
  const form: BridgeForm = { ...newBridgeForm(config.kind), id: config.id, name: config.name, shouldStartWithProfile: config.shouldStartWithProfile, ...config.routing };
  if (config.kind === 'serial') {
    const serial = config.serial;
    const isCommon = COMMON_BAUD_RATES.includes(serial.baudRate);
    Object.assign(form, {
      serialPath: serial.path,
      shouldFindByIds: serial.vendorId !== '' || serial.productId !== '' || serial.serialNumber !== '',
      vendorId: serial.vendorId,
      productId: serial.productId,
      serialNumber: serial.serialNumber,
      baudChoice: isCommon ? String(serial.baudRate) : CUSTOM_BAUD,
      customBaudRate: isCommon ? '' : String(serial.baudRate),
      dataBits: serial.dataBits,
      stopBits: serial.stopBits,
      parity: serial.parity,
      stallSeconds: String(serial.stallAfterMs / 1000),
      shouldReopenOnStall: serial.shouldReopenOnStall,
    });
  } else {
    const udp = config.udp;
    Object.assign(form, {
      listenHost: udp.listenHost,
      listenPort: String(udp.listenPort),
      commandHost: udp.commandHost,
      commandPort: udp.commandPort === 0 ? '' : String(udp.commandPort),
      sequencePath: udp.sequencePath,
    });
  }
  const framing = config.framing;
  form.framingKind = framing.kind;
  if (framing.kind === 'lines') form.lineEnding = framing.ending;
  if (framing.kind === 'delimiter') form.delimiter = framing.delimiter;
  if (framing.kind === 'fixedLength') form.fixedLength = String(framing.length);
  if (framing.kind === 'silence') form.silenceGapMs = String(framing.gapMs);
  form.formatKind = config.format.kind;
  if (config.format.kind === 'csv') form.csvDelimiter = config.format.delimiter;
  return form;
}

/** A whole number typed in a field, or null when the text is not one in [min, max]. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

/**
 * One kind's draft. BridgeDraft (shared/bridges.ts) is an Omit over the whole
 * union, which keeps only the fields both kinds share; these keep each kind's
 * own settings and are still assignable to it.
 */
type DraftOf<K extends BridgeKind> = Omit<Extract<BridgeConfig, { kind: K }>, 'id'> & { id?: string };

export type BridgeFormCheck = { isValid: true; draft: DraftOf<'serial'> | DraftOf<'udp'> } | { isValid: false; problems: BridgeFormProblems };

/** Checks every field and builds the draft the bus takes; problems are sentences keyed by field. */
export function checkBridgeForm(form: BridgeForm): BridgeFormCheck {
  const problems: BridgeFormProblems = {};
  const need = <T>(field: BridgeFormField, value: T | null, problem: string): T | null => {
    if (value === null) problems[field] = problem;
    return value;
  };

  const name = form.name.trim();
  if (name === '') problems.name = 'Give the bridge a name, e.g. "Incubator board".';
  if (form.channelTemplate.trim() === '') problems.channelTemplate = 'Name the channel records are published to, e.g. devices:telemetry.';

  const framing = checkFraming(form, need);
  const format: RecordFormat = form.formatKind === 'csv' ? { kind: 'csv', delimiter: form.csvDelimiter } : { kind: form.formatKind };
  const routing = {
    channelTemplate: form.channelTemplate.trim(),
    shouldWrapInEnvelope: form.shouldWrapInEnvelope,
    sourceName: form.sourceName.trim(),
    commandChannel: form.commandChannel.trim(),
    replyChannel: form.replyChannel.trim(),
    deviceId: form.deviceId.trim(),
  };
  const common = { name, framing, format, routing, shouldStartWithProfile: form.shouldStartWithProfile, ...(form.id === null ? {} : { id: form.id }) };

  if (form.kind === 'serial') {
    const path = form.serialPath.trim();
    if (path === '') problems.serialPath = 'Choose a port from the list or type its path, e.g. /dev/ttyUSB0 or COM3.';
    const baudText = form.baudChoice === CUSTOM_BAUD ? form.customBaudRate : form.baudChoice;
    const baudRate = need(form.baudChoice === CUSTOM_BAUD ? 'customBaudRate' : 'baudChoice', wholeNumber(baudText, 50, 4_000_000), 'Enter a baud rate from 50 to 4,000,000 bits per second.');
    const stallSeconds = need('stallSeconds', wholeNumber(form.stallSeconds, 0, 3600), 'Enter whole seconds from 0 (watchdog off) to 3,600.');
    if (Object.keys(problems).length > 0 || framing === null || baudRate === null || stallSeconds === null) return { isValid: false, problems };
    const ids = form.shouldFindByIds ? { vendorId: form.vendorId.trim(), productId: form.productId.trim(), serialNumber: form.serialNumber.trim() } : { vendorId: '', productId: '', serialNumber: '' };
    const serial: SerialSettings = {
      path,
      ...ids,
      baudRate,
      dataBits: form.dataBits,
      stopBits: form.stopBits,
      parity: form.parity,
      stallAfterMs: stallSeconds * 1000,
      shouldReopenOnStall: form.shouldReopenOnStall,
    };
    return { isValid: true, draft: { ...common, framing, kind: 'serial', serial } };
  }

  const listenHost = form.listenHost.trim();
  if (listenHost === '') problems.listenHost = 'Enter the address to listen on; 127.0.0.1 takes datagrams from this computer only.';
  const listenPort = need('listenPort', wholeNumber(form.listenPort, 1, 65_535), 'Enter a port from 1 to 65,535.');
  const commandHost = form.commandHost.trim();
  const commandPort = form.commandPort.trim() === '' ? 0 : need('commandPort', wholeNumber(form.commandPort, 1, 65_535), 'Enter a port from 1 to 65,535, or leave it empty to send no commands.');
  if (commandHost === '' && commandPort !== null && commandPort !== 0) problems.commandHost = 'Enter the device address the commands go to, or clear the command port.';
  if (commandHost !== '' && commandPort === 0) problems.commandPort = 'Enter the device port the commands go to, or clear the command address.';
  if (Object.keys(problems).length > 0 || framing === null || listenPort === null || commandPort === null) return { isValid: false, problems };
  const udp = { listenHost, listenPort, commandHost, commandPort, sequencePath: form.sequencePath.trim() };
  return { isValid: true, draft: { ...common, framing, kind: 'udp', udp } };
}

function checkFraming(form: BridgeForm, need: <T>(field: BridgeFormField, value: T | null, problem: string) => T | null): Framing | null {
  switch (form.framingKind) {
    case 'lines':
      return { kind: 'lines', ending: form.lineEnding };
    case 'delimiter': {
      const isValid = form.delimiter !== '' && form.delimiter.length <= 64;
      return need('delimiter', isValid ? { kind: 'delimiter', delimiter: form.delimiter } : null, 'Type the bytes that end a record (at most 64 characters), e.g. ; or \\x00.');
    }
    case 'cobs':
      return { kind: 'cobs' };
    case 'slip':
      return { kind: 'slip' };
    case 'fixedLength': {
      const length = need('fixedLength', wholeNumber(form.fixedLength, 1, 65_536), 'Enter a record length from 1 to 65,536 bytes.');
      return length === null ? null : { kind: 'fixedLength', length };
    }
    case 'silence': {
      const gapMs = need('silenceGapMs', wholeNumber(form.silenceGapMs, 1, 10_000), 'Enter a gap from 1 to 10,000 milliseconds.');
      return gapMs === null ? null : { kind: 'silence', gapMs };
    }
  }
}

/** Bus field paths that do not end in the form's own name for the field. */
const BUS_FIELD_NAMES: Readonly<Record<string, BridgeFormField>> = {
  'serial.path': 'serialPath',
  'serial.baudRate': 'customBaudRate',
  'serial.stallAfterMs': 'stallSeconds',
  'framing.length': 'fixedLength',
  'framing.gapMs': 'silenceGapMs',
  'format.delimiter': 'csvDelimiter',
};

/** The form field a refusal from the bus names ("draft.udp.listenPort" → listenPort), or null when it names none of them. */
export function formFieldOfBusField(busField: string | undefined, form: BridgeForm): BridgeFormField | null {
  if (busField === undefined) return null;
  const path = busField.replace(/^draft\./, '');
  const renamed = BUS_FIELD_NAMES[path];
  if (renamed === 'customBaudRate') return form.baudChoice === CUSTOM_BAUD ? 'customBaudRate' : 'baudChoice';
  if (renamed !== undefined) return renamed;
  const last = path.split('.').at(-1) ?? '';
  return Object.hasOwn(form, last) && last !== 'id' && last !== 'kind' ? (last as BridgeFormField) : null;
}

/** Listening on every address lets any computer on the network send records into Redis. */
export function isListeningEverywhere(host: string): boolean {
  const trimmed = host.trim();
  return trimmed === '0.0.0.0' || trimmed === '::' || trimmed === '[::]';
}
