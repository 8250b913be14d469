/**
 * `window.labwire`, typed by the contract. The preload defines it in the
 * desktop app only; in the serve host's browser page it is absent, which the
 * renderer's transport picker checks (`'labwire' in window`).
 */
import type { LabwireApi } from '../shared/contract';

declare global {
  interface Window {
    labwire: LabwireApi;
  }
}

export {};
