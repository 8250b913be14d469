/**
 * Serve mode's notifications: the browser's Notification API. The desktop
 * host shows its own (Electron), so these run only when the page is served.
 * Permission is asked once, from a click (browsers ignore asks without one).
 */
export type BrowserNotificationPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function browserNotificationPermission(): BrowserNotificationPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askBrowserNotificationPermission(): Promise<BrowserNotificationPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function showBrowserNotification(title: string, body: string): void {
  if (browserNotificationPermission() !== 'granted') return;
  // One tag: a newer notice replaces an older one instead of stacking.
  new Notification(title, { body, tag: 'labwire-alerts' });
}
