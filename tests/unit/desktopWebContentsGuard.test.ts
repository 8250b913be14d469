/**
 * The app-wide guard on 'web-contents-created', with Fake Electron objects:
 * every web contents gets the navigation, window-open and webview locks, and
 * each session it uses is hardened once. (Electron cannot run here.)
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type { NavigationEventLike } from '../../src/main/desktop/navigationGuard';
import type { RendererLocation } from '../../src/main/desktop/rendererLocation';
import { guardEveryWebContents, type GuardedContents } from '../../src/main/desktop/webContentsGuard';

const APP_LOCATION: RendererLocation = { kind: 'appScheme', url: 'labwire://app/index.html', origin: 'labwire://app', rootPath: '/opt/Labwire/out/renderer' };

class FakeSession {
  constructor(readonly name: string) {}
}

class FakeWebContents extends EventEmitter implements GuardedContents<FakeSession> {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a navigation event as Electron would; true when a listener prevented it. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string, isMainFrame?: boolean): boolean {
    let isPrevented = false;
    const details: NavigationEventLike = { url, ...(isMainFrame === undefined ? {} : { isMainFrame }), preventDefault: () => (isPrevented = true) };
    this.emit(event, details);
    return isPrevented;
  }
  attachWebview(): boolean {
    let isPrevented = false;
    this.emit('will-attach-webview', { preventDefault: () => (isPrevented = true) }, {}, { src: 'https://evil.example/' });
    return isPrevented;
  }
}

class FakeApp extends EventEmitter {
  create(session: FakeSession): FakeWebContents {
    const contents = new FakeWebContents(session);
    this.emit('web-contents-created', {}, contents);
    return contents;
  }
}

function setup() {
  const app = new FakeApp();
  const hardened: string[] = [];
  const opened: string[] = [];
  const defaultSession = new FakeSession('default');
  const alreadyHardened = new WeakSet<FakeSession>([defaultSession]);
  guardEveryWebContents<FakeSession>(
    app,
    {
      location: APP_LOCATION,
      openExternal: async (url) => void opened.push(url),
      hardenSession: (session) => hardened.push(session.name),
    },
    alreadyHardened,
  );
  return { app, hardened, opened, defaultSession };
}

describe('every web contents is guarded', () => {
  test('each new web contents gets every lock; each session is hardened once, the startup one not again', () => {
    const { app, hardened, defaultSession } = setup();
    const other = new FakeSession('partition:other');
    const created = [app.create(defaultSession), app.create(other), app.create(other), app.create(new FakeSession('devtools'))];
    const locks = created.map((contents) => ({
      hasWindowOpenHandler: contents.windowOpenHandler !== null,
      events: ['will-frame-navigate', 'will-navigate', 'will-redirect', 'will-attach-webview'].map((event) => contents.listenerCount(event)),
    }));
    assert.deepStrictEqual(
      { locks, hardened },
      { locks: created.map(() => ({ hasWindowOpenHandler: true, events: [1, 1, 1, 1] })), hardened: ['partition:other', 'devtools'] },
    );
  });

  test('navigation in any frame stays on our origin; only a top-frame click hands a web link to the browser, once', async () => {
    const { app, opened } = setup();
    const contents = app.create(new FakeSession('default'));
    const prevented = {
      topFrameToOurPage: contents.navigate('will-frame-navigate', 'labwire://app/index.html#/plots', true),
      topFrameToWebLink: contents.navigate('will-frame-navigate', 'https://redis.io/docs/', true),
      willNavigateToWebLink: contents.navigate('will-navigate', 'https://redis.io/docs/'),
      topFrameToLocalFile: contents.navigate('will-frame-navigate', 'file:///etc/passwd', true),
      subframeToWebLink: contents.navigate('will-frame-navigate', 'https://evil.example/', false),
      subframeToOurPage: contents.navigate('will-frame-navigate', 'labwire://app/index.html', false),
      subframeToData: contents.navigate('will-frame-navigate', 'data:text/html,<script>alert(1)</script>', false),
      redirectAway: contents.navigate('will-redirect', 'https://evil.example/'),
      redirectHome: contents.navigate('will-redirect', 'labwire://app/index.html'),
      webview: contents.attachWebview(),
    };
    const windowOpen = contents.windowOpenHandler?.({ url: 'https://lab-wiki.local/instruments' });
    await Promise.resolve();
    assert.deepStrictEqual(
      { prevented, windowOpen, opened },
      {
        prevented: {
          topFrameToOurPage: false,
          topFrameToWebLink: true,
          willNavigateToWebLink: true,
          topFrameToLocalFile: true,
          subframeToWebLink: true,
          subframeToOurPage: false,
          subframeToData: true,
          redirectAway: true,
          redirectHome: false,
          webview: true,
        },
        windowOpen: { action: 'deny' },
        opened: ['https://redis.io/docs/', 'https://lab-wiki.local/instruments'],
      },
    );
  });
});
