/**
 * Run as its own process by the connection tests: opens a profile against the
 * port given, waits for ready, disposes, and prints each step. If dispose left
 * a timer or socket behind, this process would not exit and the test times out.
 */
import { ConnectionRegistry } from '../../src/bus/connections/connectionRegistry';

const port = Number(process.argv[2]);
let hasPrintedReady = false;
const registry = new ConnectionRegistry({
  onDidChangeState: (_profileId, state) => {
    if (state.state === 'ready' && hasPrintedReady) return;
    if (state.state === 'ready') {
      hasPrintedReady = true;
      void registry.dispose().then(() => console.log('disposed'));
    }
    console.log(state.state);
  },
  onDidReadFacts: () => undefined,
});
registry.open('probe', { host: '127.0.0.1', port, db: 0 });
