/** The one place the main window's options, and with them its security settings, are decided. */
import type { BrowserWindowConstructorOptions } from 'electron';

export const MAIN_WINDOW_WIDTH_PX = 1400;
export const MAIN_WINDOW_HEIGHT_PX = 900;
export const MAIN_WINDOW_MIN_WIDTH_PX = 1000;
export const MAIN_WINDOW_MIN_HEIGHT_PX = 640;
/** Painted before the renderer's first frame; kept close to the renderer's page background so no white flash shows. */
export const MAIN_WINDOW_BACKGROUND_COLOR = '#0f172a';

export interface MainWindowInputs {
  /** Absolute path of the built preload, out/preload/index.cjs. */
  preloadPath: string;
  /** Absolute path of the 512×512 app icon (used by Linux and Windows title bars). */
  iconPath: string;
  /** Dev server only: devtools may open. */
  isDevelopment: boolean;
}

/**
 * The renderer gets no Node, runs in Chromium's sandbox in an isolated world,
 * and reaches the bus only through the preload's three functions.
 * `show: false` until ready-to-show avoids painting a blank window.
 */
export function createMainWindowOptions(inputs: MainWindowInputs): BrowserWindowConstructorOptions {
  return {
    width: MAIN_WINDOW_WIDTH_PX,
    height: MAIN_WINDOW_HEIGHT_PX,
    minWidth: MAIN_WINDOW_MIN_WIDTH_PX,
    minHeight: MAIN_WINDOW_MIN_HEIGHT_PX,
    title: 'Labwire',
    backgroundColor: MAIN_WINDOW_BACKGROUND_COLOR,
    show: false,
    icon: inputs.iconPath,
    autoHideMenuBar: false,
    webPreferences: {
      preload: inputs.preloadPath,
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
      devTools: inputs.isDevelopment,
    },
  };
}
