/**
 * The bridges feature's slice of the contract: a profile's device bridges
 * (serial, UDP), their settings and their live status. The renderer asks for
 * `bridges:list` about once a second while the Bridges section is open;
 * rates and ages in it are computed by the bus at `status.asOfMs`.
 */
import { boolean, empty, idCheck, integer, oneOf, oneOfNumbers, optional, shape, string, variants, type Check } from '../requestChecks';
import { request } from '../requestSlice';
import type { BridgeDraft, BridgeView, SerialPortInfo } from '../bridges';

const framingCheck = variants('kind', {
  lines: shape({ kind: oneOf(['lines']), ending: oneOf(['lf', 'cr', 'crlf', 'any']) }),
  delimiter: shape({ kind: oneOf(['delimiter']), delimiter: string(64) }),
  cobs: shape({ kind: oneOf(['cobs']) }),
  slip: shape({ kind: oneOf(['slip']) }),
  fixedLength: shape({ kind: oneOf(['fixedLength']), length: integer(1, 65_536) }),
  silence: shape({ kind: oneOf(['silence']), gapMs: integer(1, 10_000) }),
});

const formatCheck = variants('kind', {
  json: shape({ kind: oneOf(['json']) }),
  csv: shape({ kind: oneOf(['csv']), delimiter: oneOf([',', ';', '\t']) }),
  msgpack: shape({ kind: oneOf(['msgpack']) }),
  raw: shape({ kind: oneOf(['raw']) }),
});

const routingCheck = shape({
  channelTemplate: string(1024),
  shouldWrapInEnvelope: boolean,
  sourceName: string(200),
  commandChannel: string(1024),
  replyChannel: string(1024),
  deviceId: string(200),
});

const common = {
  id: optional(idCheck),
  name: string(200),
  framing: framingCheck,
  format: formatCheck,
  routing: routingCheck,
  shouldStartWithProfile: boolean,
};

const serialCheck = shape({
  path: string(1024),
  vendorId: string(16),
  productId: string(16),
  serialNumber: string(200),
  baudRate: integer(50, 4_000_000),
  dataBits: oneOfNumbers([5, 6, 7, 8]),
  stopBits: oneOfNumbers([1, 2]),
  parity: oneOf(['none', 'even', 'odd']),
  stallAfterMs: integer(0, 3_600_000),
  shouldReopenOnStall: boolean,
});

const udpCheck = shape({
  listenHost: string(255),
  listenPort: integer(1, 65_535),
  commandHost: string(255),
  commandPort: integer(0, 65_535),
  sequencePath: string(1000),
});

/** A draft's shape; semantic checks (a template that names no channel, a host that is not an address) are the bus's, in words. */
export const bridgeDraftCheck = variants('kind', {
  serial: shape({ ...common, kind: oneOf(['serial']), serial: serialCheck }),
  udp: shape({ ...common, kind: oneOf(['udp']), udp: udpCheck }),
}) as Check<BridgeDraft>;

const bridgeRef = shape({ profileId: idCheck, bridgeId: idCheck });

export const BRIDGES_REQUESTS = {
  /** The profile's bridges with their status now. */
  'bridges:list': request<{ profileId: string }, BridgeView[]>(shape({ profileId: idCheck })),
  /** Creates (no id) or replaces a bridge; a running bridge restarts with the new settings. */
  'bridges:save': request<{ profileId: string; draft: BridgeDraft }, BridgeView>(shape({ profileId: idCheck, draft: bridgeDraftCheck })),
  /** Stops and forgets the bridge. */
  'bridges:remove': request<{ profileId: string; bridgeId: string }, { bridgeId: string }>(bridgeRef),
  'bridges:start': request<{ profileId: string; bridgeId: string }, BridgeView>(bridgeRef),
  'bridges:stop': request<{ profileId: string; bridgeId: string }, BridgeView>(bridgeRef),
  /** Paused keeps the device open and reads it (so an unplug is still seen) but publishes nothing. */
  'bridges:pause': request<{ profileId: string; bridgeId: string; isPaused: boolean }, BridgeView>(
    shape({ profileId: idCheck, bridgeId: idCheck, isPaused: boolean }),
  ),
  /** The system's serial ports; `note` says why the list may be empty (no udevadm in a container). */
  'bridges:ports': request<Record<string, never>, { ports: SerialPortInfo[]; note: string | null }>(empty),
};

