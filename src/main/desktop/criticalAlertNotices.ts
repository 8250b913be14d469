/**
 * The alerts feature's notices on the desktop: the bus has already applied
 * silences and acks and collapsed storms (`alerts:notify`); the desktop
 * host turns each into an Electron Notification through the AlertNotifier's
 * focus and cooldown decision. Windows shows a notification only for an
 * app with an AppUserModelID matching its Start-menu shortcut, so it is set
 * to the installer's appId before the first one.
 */
import type { BusEvent } from '../../shared/contract';
import type { DesktopAlert } from './alertNotifications';

/** Must equal `appId` in electron-builder.yml: the shortcut the installer makes carries it. */
export const APP_USER_MODEL_ID = 'lab.labwire.console';

export function setWindowsAppUserModelId(app: { setAppUserModelId(id: string): void }, platform: NodeJS.Platform): boolean {
  if (platform !== 'win32') return false;
  app.setAppUserModelId(APP_USER_MODEL_ID);
  return true;
}

/** The desktop alert for an `alerts:notify` event; every other event gives null. */
export function desktopAlertForNotice(event: BusEvent): DesktopAlert | null {
  if (event.type !== 'alerts:notify') return null;
  // One cooldown key per profile: a second storm within the cooldown stays in the panel and the status bar count.
  return { key: `alerts:${event.profileId}`, title: event.title, body: event.body };
}
