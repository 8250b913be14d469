/**
 * Which Host and Origin headers the serve host answers. A page on another
 * site that points its DNS name at 127.0.0.1 (DNS rebinding) sends that name
 * as Host and Origin; we accept only IP literals, "localhost" and the address
 * we were told to bind, always on our own port.
 */
import { isIP } from 'node:net';

const HOST_HEADER = /^(?<name>[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::(?<port>\d{1,5}))?$/;

export interface ServedAddress {
  bindHost: string;
  port: number;
}

/** The Host header, lowercased, if it names this server; otherwise null. */
export function acceptedHost(hostHeader: string | undefined, served: ServedAddress): string | null {
  if (!hostHeader) return null;
  const match = HOST_HEADER.exec(hostHeader);
  const name = match?.groups?.name?.toLowerCase();
  if (!name || Number(match?.groups?.port ?? 80) !== served.port) return null;
  const bareName = name.startsWith('[') ? name.slice(1, -1) : name;
  const isKnownName = bareName === 'localhost' || isIP(bareName) !== 0 || bareName === served.bindHost.toLowerCase();
  return isKnownName ? hostHeader.toLowerCase() : null;
}

/** A WebSocket is opened only from a page this server served: Origin must be http://<accepted Host>. */
export function isAllowedOrigin(
  originHeader: string | undefined,
  hostHeader: string | undefined,
  served: ServedAddress,
): boolean {
  const host = acceptedHost(hostHeader, served);
  return host !== null && originHeader?.toLowerCase() === `http://${host}`;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** The address a browser on this machine should open: wildcard binds are reached through 127.0.0.1. */
export function browsableHost(bindHost: string): string {
  if (bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '[::]') return '127.0.0.1';
  return isIP(bindHost) === 6 ? `[${bindHost}]` : bindHost;
}
