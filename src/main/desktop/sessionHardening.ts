/**
 * Session-wide locks for the renderer: which browser permissions it gets
 * (almost none) and the Content-Security-Policy header on every response.
 */
import type { Session } from 'electron';
import { buildContentSecurityPolicy } from './contentSecurityPolicy';
import { isAppUrl, type RendererLocation } from './rendererLocation';

/**
 * The only permission granted, and only to the app's own top frame:
 * `navigator.clipboard.writeText` (the "Copy" buttons next to payloads and
 * channel names) asks for it, and Chromium still demands a user gesture.
 * Camera, microphone, geolocation, notifications, USB, serial, HID,
 * clipboard reads and everything else are refused: notifications are raised
 * by the main process, devices are reached by the bus.
 */
export const GRANTED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

export interface PermissionQuery {
  permission: string;
  /** The URL of the frame asking; missing for some internal checks, which are refused. */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
}

export function isPermissionGranted(query: PermissionQuery, location: RendererLocation): boolean {
  return (
    GRANTED_PERMISSIONS.includes(query.permission) &&
    query.isMainFrame &&
    query.requestingUrl !== undefined &&
    isAppUrl(query.requestingUrl, location)
  );
}

/** Response headers with any Content-Security-Policy the server sent replaced by ours. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = values;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

export function applySessionHardening(session: Session, location: RendererLocation): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, location));
  });
  session.setPermissionCheckHandler((_webContents, permission, _requestingOrigin, details) =>
    isPermissionGranted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, location),
  );
  const policy = buildContentSecurityPolicy(location);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) });
  });
  // No page of ours asks for a device; refuse the chooser-less device APIs outright.
  session.setDevicePermissionHandler(() => false);
}
