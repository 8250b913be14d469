import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideNavigation, decideWindowOpen, isSafeExternalUrl } from '../../src/main/desktop/navigationGuard';
import { isAppUrl, resolveRendererLocation, type RendererLocation } from '../../src/main/desktop/rendererLocation';
import { isPermissionGranted } from '../../src/main/desktop/sessionHardening';

const APP_URL = 'file:///opt/Labwire/resources/app.asar/out/renderer/index.html';
const FILE_LOCATION: RendererLocation = { kind: 'file', filePath: '/opt/Labwire/resources/app.asar/out/renderer/index.html', url: APP_URL };
const DEV_LOCATION: RendererLocation = { kind: 'devServer', url: 'http://localhost:5173/', origin: 'http://localhost:5173' };
const toFileUrl = (path: string): string => `file://${encodeURI(path)}`;

describe('renderer location', () => {
  test('dev server only when unpackaged and on loopback; a packaged app ignores ELECTRON_RENDERER_URL', () => {
    const rendererIndexPath = '/opt/Labwire/out/renderer/index.html';
    const locations = [
      resolveRendererLocation({ isPackaged: false, devServerUrl: 'http://localhost:5173', rendererIndexPath, toFileUrl }),
      resolveRendererLocation({ isPackaged: true, devServerUrl: 'http://localhost:5173', rendererIndexPath, toFileUrl }),
      resolveRendererLocation({ isPackaged: false, devServerUrl: 'https://evil.example/', rendererIndexPath, toFileUrl }),
      resolveRendererLocation({ isPackaged: false, devServerUrl: undefined, rendererIndexPath, toFileUrl }),
    ];
    const file = { kind: 'file', filePath: rendererIndexPath, url: 'file:///opt/Labwire/out/renderer/index.html' };
    assert.deepStrictEqual(locations, [{ kind: 'devServer', url: 'http://localhost:5173/', origin: 'http://localhost:5173' }, file, file, file]);
  });

  test('our URL: same file with any query or hash, same dev origin; nothing else', () => {
    const spaced: RendererLocation = { kind: 'file', filePath: '/home/lab user/Labwire/index.html', url: 'file:///home/lab%20user/Labwire/index.html' };
    const windows: RendererLocation = { kind: 'file', filePath: 'C:\\Labwire\\index.html', url: 'file:///c:/Labwire/index.html' };
    const checks: Array<[string, RendererLocation, boolean]> = [
      [APP_URL, FILE_LOCATION, true],
      [`${APP_URL}?profile=p1#/streams`, FILE_LOCATION, true],
      ['file:///opt/Labwire/resources/app.asar/out/renderer/other.html', FILE_LOCATION, false],
      ['file://remote-host/opt/Labwire/resources/app.asar/out/renderer/index.html', FILE_LOCATION, false],
      ['https://labwire.example/index.html', FILE_LOCATION, false],
      ['not a url', FILE_LOCATION, false],
      ['file:///home/lab user/Labwire/index.html', spaced, true],
      ['file:///C:/Labwire/index.html', windows, true],
      ['http://localhost:5173/src/main.tsx', DEV_LOCATION, true],
      ['http://127.0.0.1:5173/', DEV_LOCATION, false],
      ['http://localhost:5174/', DEV_LOCATION, false],
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
        decideNavigation(`${APP_URL}#/profiles`, FILE_LOCATION),
        decideNavigation('https://redis.io/docs/', FILE_LOCATION),
        decideNavigation('file:///tmp/evil.html', FILE_LOCATION),
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
      queries.map((query) => isPermissionGranted(query, FILE_LOCATION)),
      [true, false, false, false, false, false, false, false, false],
    );
  });
});
