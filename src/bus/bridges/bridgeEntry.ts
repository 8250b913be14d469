/**
 * One saved bridge as the feature holds it: its settings, whether the user
 * paused it, and its runtime while it runs (kept after a stop, so the status
 * still shows what it counted until it starts again).
 */
import type { BridgeConfig, BridgeStatus, BridgeView } from '../../shared/bridges';
import { emptyBridgeCounters } from '../../shared/bridges';
import { DEFAULT_PUBLISH_BUFFER_CAPS } from './publishBuffer';
import type { BridgeRuntime } from './bridgeRuntime';

export interface BridgeEntry {
  config: BridgeConfig;
  isPaused: boolean;
  runtime: BridgeRuntime | null;
  isRunning: boolean;
  /** Started with its profile already in this session of the profile: a bridge the user stopped stays stopped through reconnects. */
  hasStartedWithProfile: boolean;
}

export function viewOf(entry: BridgeEntry, receiveOnlyReason: string | null, now: number): BridgeView {
  const status = entry.runtime ? entry.runtime.status() : neverStartedStatus(entry.config, receiveOnlyReason, now);
  return { config: structuredClone(entry.config), status };
}

function neverStartedStatus(config: BridgeConfig, receiveOnlyReason: string | null, now: number): BridgeStatus {
  return {
    state: 'stopped',
    endpoint: plannedEndpoint(config),
    counters: emptyBridgeCounters(),
    buffered: { count: 0, bytes: 0, maxCount: DEFAULT_PUBLISH_BUFFER_CAPS.maxCount, maxBytes: DEFAULT_PUBLISH_BUFFER_CAPS.maxBytes },
    lastError: null,
    receiveOnlyReason,
    lastRecordPreview: null,
    lastByteAtMs: null,
    asOfMs: now,
  };
}

/** Where a stopped bridge would connect, in the words the status uses. */
export function plannedEndpoint(config: BridgeConfig): string {
  if (config.kind === 'udp') return `udp ${config.udp.listenHost}:${config.udp.listenPort}`;
  const serial = config.serial;
  if (serial.path !== '') return serial.path;
  return `the device with VID ${serial.vendorId} and PID ${serial.productId}${serial.serialNumber === '' ? '' : ` (serial number ${serial.serialNumber})`}`;
}
