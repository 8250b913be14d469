import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApplicationMenuTemplate } from '../../src/main/desktop/applicationMenu';
import { createMainWindowOptions } from '../../src/main/desktop/windowOptions';
import type { MenuItemConstructorOptions } from 'electron';

const PRELOAD = '/opt/Labwire/resources/app.asar/out/preload/index.cjs';
const ICON = '/opt/Labwire/resources/app.asar/out/main/icon.png';

describe('main window options', () => {
  test('production: isolated, sandboxed, no Node, no devtools', () => {
    const options = createMainWindowOptions({ preloadPath: PRELOAD, iconPath: ICON, isDevelopment: false });
    assert.deepStrictEqual(options.webPreferences, {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  test('development differs only in devtools', () => {
    const production = createMainWindowOptions({ preloadPath: PRELOAD, iconPath: ICON, isDevelopment: false });
    const development = createMainWindowOptions({ preloadPath: PRELOAD, iconPath: ICON, isDevelopment: true });
    assert.deepStrictEqual(development, { ...production, webPreferences: { ...production.webPreferences, devTools: true } });
  });

  test('size, title, hidden until ready-to-show, icon', () => {
    const { webPreferences: _webPreferences, ...window } = createMainWindowOptions({
      preloadPath: PRELOAD,
      iconPath: ICON,
      isDevelopment: false,
    });
    assert.deepStrictEqual(window, {
      width: 1400,
      height: 900,
      minWidth: 1000,
      minHeight: 640,
      title: 'Labwire',
      backgroundColor: '#0f172a',
      show: false,
      icon: ICON,
      autoHideMenuBar: false,
    });
  });
});

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('application menu', () => {
  const DEVELOPMENT_ROLES = ['reload', 'forceReload', 'toggleDevTools'];

  test('production has About and Quit but no reload or devtools', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const found = roles(buildApplicationMenuTemplate({ platform, isDevelopment: false }));
      assert.deepStrictEqual(
        { hasAbout: found.includes('about'), hasQuit: found.includes('quit'), developmentRoles: found.filter((role) => DEVELOPMENT_ROLES.includes(role)) },
        { hasAbout: true, hasQuit: true, developmentRoles: [] },
        platform,
      );
    }
  });

  test('development adds reload and devtools', () => {
    const found = roles(buildApplicationMenuTemplate({ platform: 'linux', isDevelopment: true }));
    assert.deepStrictEqual(found.filter((role) => DEVELOPMENT_ROLES.includes(role)), DEVELOPMENT_ROLES);
  });

  test('copy and paste have menu items (macOS needs them for the shortcuts)', () => {
    const found = roles(buildApplicationMenuTemplate({ platform: 'darwin', isDevelopment: false }));
    assert.deepStrictEqual(['cut', 'copy', 'paste', 'selectAll'].filter((role) => !found.includes(role)), []);
  });
});
