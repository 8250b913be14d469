import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideNavigation, decideWindowOpen, isSafeExternalUrl } from '../../src/main/desktop/navigationGuard';
import { isAppUrl, resolveRendererLocation, type RendererLocation } from '../../src/main/desktop/rendererLocation';
import { isPermissionGranted } from '../../src/main/desktop/sessionHardening';

const APP_URL = 'labwire://app/index.html';
const APP_LOCATION: RendererLocation = { kind: 'appScheme', url: APP_URL, origin: 'labwire://app', rootPath: '/opt/Labwire/resources/app.asar/out/renderer' };
const DEV_LOCATION: RendererLocation = { kind: 'devServer', url: 'http://localhost:5173/', origin: 'http://localhost:5173' };

describe('renderer location', () => {
  test('dev server only when unpackaged and on loopback; otherwise labwire://app serving the renderer folder', () => {
    const rendererRootPath = '/opt/Labwire/out/renderer';
    const locations = [
      resolveRendererLocation({ isPackaged: false, devServerUrl: 'http://localhost:5173', rendererRootPath }),
      resolveRendererLocation({ isPackaged: true, devServerUrl: 'http://localhost:5173', rendererRootPath }),
      resolveRendererLocation({ isPackaged: false, devServerUrl: 'https://evil.example/', rendererRootPath }),
      resolveRendererLocation({ isPackaged: false, devServerUrl: undefined, rendererRootPath }),
    ];
    const app = { kind: 'appScheme', url: 'labwire://app/index.html', origin: 'labwire://app', rootPath: rendererRootPath };
    assert.deepStrictEqual(locations, [{ kind: 'devServer', url: 'http://localhost:5173/', origin: 'http://localhost:5173' }, app, app, app]);
  });

  test('our URL: exactly the labwire://app origin (any path, query or hash) or the dev origin; never file://', () => {
    const checks: Array<[string, RendererLocation, boolean]> = [
      [APP_URL, APP_LOCATION, true],
      [`${APP_URL}?profile=p1#/streams`, APP_LOCATION, true],
      ['labwire://app/assets/index-3f2a.js', APP_LOCATION, true],
      ['LABWIRE://APP/index.html', APP_LOCATION, true],
      ['labwire://app.evil/index.html', APP_LOCATION, false],
      ['labwire://evil/index.html', APP_LOCATION, false],
      ['labwire://app:8080/index.html', APP_LOCATION, false],
      ['labwire://user:secret@app/index.html', APP_LOCATION, false],
      ['file:///opt/Labwire/resources/app.asar/out/renderer/index.html', APP_LOCATION, false],
      ['https://app/index.html', APP_LOCATION, false],
      ['not a url', APP_LOCATION, false],
      ['http://localhost:5173/src/main.tsx', DEV_LOCATION, true],
      ['http://127.0.0.1:5173/', DEV_LOCATION, false],
      ['http://localhost:5174/', DEV_LOCATION, false],
      [APP_URL, DEV_LOCATION, false],
    ];
    assert.deepStrictEqual(
      checks.map(([url, location]) => [url, isAppUrl(url, location)]),
      checks.map(([url, , expected]) => [url, expected]),
    );
  });
});

describe('navigation and new windows', () => {
  test('only http(s) links without credentials may be opened in the browser', () => {
    const urls = [
      'https://redis.io/docs/',
      'http://lab-wiki.local/instruments',
      'https://user:secret@example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://fileserver/share',
      'ms-settings:privacy',
      `https://example.com/${'a'.repeat(2100)}`,
      'https://',
    ];
    assert.deepStrictEqual(urls.map(isSafeExternalUrl), [true, true, false, false, false, false, false, false, false]);
  });

  test('will-navigate: our page stays, web links go to the browser, everything else is blocked', () => {
    assert.deepStrictEqual(
      [
        decideNavigation(`${APP_URL}#/profiles`, APP_LOCATION),
        decideNavigation('https://redis.io/docs/', APP_LOCATION),
        decideNavigation('file:///tmp/evil.html', APP_LOCATION),
        decideNavigation('http://localhost:5173/', DEV_LOCATION),
        decideNavigation('data:text/html,<script>1</script>', DEV_LOCATION),
      ],
      [
        { action: 'allow' },
        { action: 'openExternally', url: 'https://redis.io/docs/' },
        { action: 'deny' },
        { action: 'allow' },
        { action: 'deny' },
      ],
    );
  });

  test('window.open never opens an Electron window, even for our own page', () => {
    assert.deepStrictEqual(
      [decideWindowOpen(APP_URL), decideWindowOpen('https://redis.io/'), decideWindowOpen('about:blank')],
      [{ action: 'deny' }, { action: 'openExternally', url: 'https://redis.io/' }, { action: 'deny' }],
    );
  });
});

describe('permissions', () => {
  test('only clipboard writes, only from our top frame; everything else is refused', () => {
    const queries = [
      { permission: 'clipboard-sanitized-write', requestingUrl: APP_URL, isMainFrame: true },
      { permission: 'clipboard-sanitized-write', requestingUrl: APP_URL, isMainFrame: false },
      { permission: 'clipboard-sanitized-write', requestingUrl: 'https://evil.example/', isMainFrame: true },
      { permission: 'clipboard-sanitized-write', requestingUrl: undefined, isMainFrame: true },
      { permission: 'clipboard-read', requestingUrl: APP_URL, isMainFrame: true },
      { permission: 'media', requestingUrl: APP_URL, isMainFrame: true },
      { permission: 'notifications', requestingUrl: APP_URL, isMainFrame: true },
      { permission: 'serial', requestingUrl: APP_URL, isMainFrame: true },
      { permission: 'openExternal', requestingUrl: APP_URL, isMainFrame: true },
    ];
    assert.deepStrictEqual(
      queries.map((query) => isPermissionGranted(query, APP_LOCATION)),
      [true, false, false, false, false, false, false, false, false],
    );
  });
});
