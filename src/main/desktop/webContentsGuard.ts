/**
 * One guard for every web contents the app ever makes: the main window's,
 * and any other (a devtools page, a future window, a frame Chromium makes on
 * its own). Registered on app 'web-contents-created' before the first window,
 * it applies the navigation and window-open locks to each, and the
 * permission and CSP locks to each session they use, once per session, so
 * no web contents escapes the locks because someone forgot to call them.
 */
import { applyNavigationGuard, type GuardableContents, type NavigationGuardOptions } from './navigationGuard';

export interface GuardedContents<S extends object> extends GuardableContents {
  readonly session: S;
}

export interface WebContentsGuardOptions<S extends object> extends NavigationGuardOptions {
  /** applySessionHardening for a session not yet hardened. */
  hardenSession(session: S): void;
}

/** What the guard needs of Electron's `app`. */
export interface WebContentsSource<S extends object> {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents<S>) => void): unknown;
}

/** The guard for one web contents; sessions already hardened (such as the default one at startup) are not hardened again. */
export function createWebContentsGuard<S extends object>(
  options: WebContentsGuardOptions<S>,
  hardenedSessions: WeakSet<S> = new WeakSet(),
): (contents: GuardedContents<S>) => void {
  return (contents) => {
    if (!hardenedSessions.has(contents.session)) {
      hardenedSessions.add(contents.session);
      options.hardenSession(contents.session);
    }
    applyNavigationGuard(contents, options);
  };
}

/** Guards every web contents created from now on; call before the first window exists. */
export function guardEveryWebContents<S extends object>(
  app: WebContentsSource<S>,
  options: WebContentsGuardOptions<S>,
  hardenedSessions?: WeakSet<S>,
): void {
  const guard = createWebContentsGuard(options, hardenedSessions);
  app.on('web-contents-created', (_event, contents) => guard(contents));
}
