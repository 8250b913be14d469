/**
 * The application menu. Reload and devtools exist only in development: a
 * reload would drop the renderer's state mid-session, and devtools are a
 * way around the CSP. The Edit menu is what makes copy and paste work on macOS.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface ApplicationMenuInputs {
  platform: NodeJS.Platform;
  isDevelopment: boolean;
}

export function buildApplicationMenuTemplate(inputs: ApplicationMenuInputs): MenuItemConstructorOptions[] {
  const isMac = inputs.platform === 'darwin';
  const appMenu: MenuItemConstructorOptions = {
    label: 'Labwire',
    submenu: [
      { role: 'about', label: 'About Labwire' },
      { type: 'separator' },
      ...(isMac ? [{ role: 'hide' as const }, { role: 'hideOthers' as const }, { role: 'unhide' as const }, { type: 'separator' as const }] : []),
      { role: 'quit', label: 'Quit Labwire' },
    ],
  };
  const editMenu: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const developmentItems: MenuItemConstructorOptions[] = inputs.isDevelopment
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  const viewMenu: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...developmentItems,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: isMac ? [{ role: 'minimize' }, { role: 'zoom' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  return [appMenu, editMenu, viewMenu, windowMenu];
}
