/**
 * The window shows the app's own page and nothing else: no new windows, no
 * navigation away, no <webview>. Links to web pages open in the user's
 * browser, after a check that they really are plain web links.
 */
import type { WebContents } from 'electron';
import { isAppUrl, type RendererLocation } from './rendererLocation';

/** Longer URLs are refused rather than handed to the OS. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

export type NavigationDecision =
  | { action: 'allow' }
  | { action: 'deny' }
  /** Stay on the app's page; open this http(s) link in the default browser. */
  | { action: 'openExternally'; url: string };

/**
 * Only http and https without embedded credentials: `file:`, `javascript:`,
 * custom protocol handlers (`ms-settings:`, `smb:` ...) would let a page that
 * got injected into the renderer start programs on the lab machine.
 */
export function isSafeExternalUrl(value: string): boolean {
  if (value.length > MAX_EXTERNAL_URL_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.hostname !== '';
}

/** For will-navigate: only the app's own page may load in the window; web links go to the browser. */
export function decideNavigation(url: string, location: RendererLocation): NavigationDecision {
  if (isAppUrl(url, location)) return { action: 'allow' };
  return isSafeExternalUrl(url) ? { action: 'openExternally', url } : { action: 'deny' };
}

/** For window.open and target=_blank: never a new Electron window. */
export function decideWindowOpen(url: string): NavigationDecision {
  return isSafeExternalUrl(url) ? { action: 'openExternally', url } : { action: 'deny' };
}

export interface NavigationGuardOptions {
  location: RendererLocation;
  /** shell.openExternal; failures are the OS's to report, so they are swallowed. */
  openExternal(url: string): Promise<void>;
}

export function applyNavigationGuard(webContents: WebContents, options: NavigationGuardOptions): void {
  const follow = (decision: NavigationDecision): void => {
    if (decision.action === 'openExternally') void options.openExternal(decision.url).catch(() => undefined);
  };
  webContents.setWindowOpenHandler(({ url }) => {
    follow(decideWindowOpen(url));
    return { action: 'deny' };
  });
  const guard = (event: { url: string; preventDefault(): void }): void => {
    const decision = decideNavigation(event.url, options.location);
    if (decision.action === 'allow') return;
    event.preventDefault();
    follow(decision);
  };
  webContents.on('will-navigate', guard);
  // A redirect is the server's choice, not a click: never hand it to the browser.
  webContents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, options.location)) event.preventDefault();
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());
}
