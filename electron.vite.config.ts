import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { writeContentSecurityPolicyMeta } from './src/shared/contentSecurityPolicy';

/** One CSP for every host, written into index.html from src/shared (see contentSecurityPolicy.ts). */
function contentSecurityPolicyPlugin(): Plugin {
  let mode: 'build' | 'dev' = 'build';
  return {
    name: 'labwire-content-security-policy',
    configResolved(config) {
      mode = config.command === 'serve' ? 'dev' : 'build';
    },
    transformIndexHtml: (html) => writeContentSecurityPolicyMeta(html, mode),
  };
}

/**
 * One build makes everything the hosts run:
 * - out/main: the desktop host (index.js), the bus worker (busWorker.js),
 *   the UDP bridge's receiver worker (udpReceiverWorker.js), the serial
 *   port process (serialPortProcess.js, a child process the serial link
 *   forks where it cannot drive the port from the bus thread) and the serve
 *   host (serve.js). All are Node code; only index.js imports electron.
 * - out/preload: the sandboxed preload, CommonJS as sandboxed preloads must be.
 * - out/renderer: the React bundle both hosts serve.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          busWorker: resolve('src/bus/busWorker.ts'),
          udpReceiverWorker: resolve('src/bus/bridges/udp/udpReceiverWorker.ts'),
          serialPortProcess: resolve('src/bus/bridges/serial/serialPortProcess.ts'),
          serve: resolve('src/serve/serveMain.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react(), contentSecurityPolicyPlugin()],
  },
});
