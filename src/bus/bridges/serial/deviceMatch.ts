/**
 * Finding a saved bridge's device again. USB serial adapters get a new path
 * when they are replugged into another socket or enumerate in another order
 * (/dev/ttyUSB0 becomes /dev/ttyUSB1, COM3 becomes COM5); their USB vendor
 * and product ids and serial number stay. Pure: the link lists the ports and
 * asks here which path to open.
 */
import type { SerialPortInfo, SerialSettings } from '../../../shared/bridges';

export type DeviceIdentity = Pick<SerialSettings, 'vendorId' | 'productId' | 'serialNumber'>;

/** Which path to open, or why none is opened now (the link tries again later). */
export type DeviceChoice = { kind: 'open'; path: string; foundBy: string | null } | { kind: 'wait'; reason: string };

export function hasDeviceIdentity(identity: DeviceIdentity): boolean {
  return identity.vendorId.trim() !== '' || identity.productId.trim() !== '' || identity.serialNumber.trim() !== '';
}

/** USB ids are hex; systems spell them "0403", "0x0403" or "403". */
function normalizeUsbId(id: string): string {
  return id.trim().toLowerCase().replace(/^0x/, '').padStart(4, '0');
}

/** True when every identity field that is set agrees with the port's. */
export function matchesDevice(port: SerialPortInfo, identity: DeviceIdentity): boolean {
  if (!hasDeviceIdentity(identity)) return false;
  if (identity.vendorId.trim() !== '' && normalizeUsbId(port.vendorId) !== normalizeUsbId(identity.vendorId)) return false;
  if (identity.productId.trim() !== '' && normalizeUsbId(port.productId) !== normalizeUsbId(identity.productId)) return false;
  const serialNumber = identity.serialNumber.trim();
  return serialNumber === '' || port.serialNumber.trim().toLowerCase() === serialNumber.toLowerCase();
}

/** "serial number A7X" or "USB id 0403:6001": what the device was found by, for the endpoint. */
export function describeIdentity(identity: DeviceIdentity): string {
  const serialNumber = identity.serialNumber.trim();
  if (serialNumber !== '') return `serial number ${serialNumber}`;
  const vendorId = identity.vendorId.trim() === '' ? 'any' : normalizeUsbId(identity.vendorId);
  const productId = identity.productId.trim() === '' ? 'any' : normalizeUsbId(identity.productId);
  return `USB id ${vendorId}:${productId}`;
}

function describePort(port: SerialPortInfo): string {
  const parts = [port.manufacturer, port.vendorId && port.productId ? `USB id ${port.vendorId}:${port.productId}` : '', port.serialNumber ? `serial number ${port.serialNumber}` : ''];
  const described = parts.filter((part) => part !== '').join(', ');
  return described === '' ? 'an unknown device' : described;
}

/** Windows paths are case-insensitive (COM3, com3). */
function isSamePath(left: string, right: string): boolean {
  return left === right || left.toLowerCase() === right.toLowerCase();
}

/**
 * `ports` is the system's list, or null when it could not be read (no
 * udevadm in a container): then the path is opened as typed, since a wrong
 * guess costs one failed open while refusing would strand a working device.
 */
export function chooseDevicePath(settings: Pick<SerialSettings, 'path'> & DeviceIdentity, ports: readonly SerialPortInfo[] | null): DeviceChoice {
  const typedPath = settings.path.trim();
  if (!hasDeviceIdentity(settings) || ports === null) return { kind: 'open', path: typedPath, foundBy: null };
  const atTypedPath = ports.find((port) => isSamePath(port.path, typedPath));
  if (atTypedPath && matchesDevice(atTypedPath, settings)) return { kind: 'open', path: typedPath, foundBy: null };
  const matching = ports.filter((port) => matchesDevice(port, settings));
  const wanted = describeIdentity(settings);
  if (matching.length === 1) return { kind: 'open', path: matching[0]!.path, foundBy: wanted };
  if (matching.length > 1) {
    const paths = matching.map((port) => port.path).join(', ');
    return { kind: 'wait', reason: `Several ports hold a device with ${wanted} (${paths}); set its serial number or choose the port.` };
  }
  if (atTypedPath) {
    return { kind: 'wait', reason: `${typedPath} now holds another device (${describePort(atTypedPath)}); waiting for the device with ${wanted}.` };
  }
  // Not listed at all (a pseudo-terminal, a port udev does not describe): try the typed path.
  return { kind: 'open', path: typedPath, foundBy: null };
}
