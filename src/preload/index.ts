/**
 * The sandboxed preload: bundled to CommonJS (out/preload/index.cjs) because
 * sandboxed preloads cannot be ES modules. It exposes `window.labwire` and
 * nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeLabwireApi } from './labwireApi';

exposeLabwireApi(contextBridge, ipcRenderer);
