// `?asset` imports and ELECTRON_RENDERER_URL, as electron-vite provides them to the main process.
/// <reference types="electron-vite/node" />
