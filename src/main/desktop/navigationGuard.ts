/**
 * The window shows the app's own page and nothing else: no new windows, no
 * navigation away, no <webview>. Links to web pages open in the user's
 * browser, after a check that they really are plain web links.
 */
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

/** A navigation event as Electron hands it to will-navigate, will-frame-navigate and will-redirect. */
export interface NavigationEventLike {
  readonly url: string;
  /** will-frame-navigate only: false for a subframe. */
  readonly isMainFrame?: boolean;
  preventDefault(): void;
}

/** The part of a WebContents the guard locks (Electron's WebContents has all of it). */
export interface GuardableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * Locks one WebContents: no new windows, no navigation away in any frame, no
 * redirect away, no <webview>. Only a click in the top frame may hand a web
 * link to the browser; a subframe (there is none of ours) only ever stays or
 * is stopped.
 */
export function applyNavigationGuard(contents: GuardableContents, options: NavigationGuardOptions): void {
  const follow = (decision: NavigationDecision): void => {
    if (decision.action === 'openExternally') void options.openExternal(decision.url).catch(() => undefined);
  };
  contents.setWindowOpenHandler(({ url }) => {
    follow(decideWindowOpen(url));
    return { action: 'deny' };
  });
  // Fired for the top frame and every subframe, before will-navigate.
  contents.on('will-frame-navigate', (event) => {
    const decision = decideNavigation(event.url, options.location);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (event.isMainFrame === true) follow(decision);
  });
  // A second lock on the top frame; the browser hand-off already happened in will-frame-navigate.
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, options.location)) event.preventDefault();
  });
  // A redirect is the server's choice, not a click: never hand it to the browser.
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, options.location)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
