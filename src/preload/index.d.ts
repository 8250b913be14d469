/**
 * `window.labwire`, typed by the contract (PreloadApi: frames as bytes). The
 * preload defines it in the desktop app only; in the serve host's browser
 * page it is absent, which the renderer's transport picker checks.
 */
import type { PreloadApi } from '../shared/contract';

declare global {
  interface Window {
    labwire?: PreloadApi;
  }
}

export {};
