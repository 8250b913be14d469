/**
 * A process that holds a serial link with its port in a child process and
 * does nothing else, so a test can kill it (SIGKILL: no cleanup runs) and
 * check the port process does not outlive it. Prints "open" once the port is.
 * Usage: node --import tsx serialProcessLinkHost.ts <device path>
 */
import { defaultSerialSettings } from '../../src/shared/bridges';
import { createSerialLink } from '../../src/bus/bridges/serial/serialLink';

const devicePath = process.argv[2];
if (devicePath === undefined) throw new Error('serialProcessLinkHost needs the device path');
const link = createSerialLink({ ...defaultSerialSettings(), path: devicePath, stallAfterMs: 0 }, { linkKind: 'process' });
link.onDidChangeStatus((status) => {
  if (status.state === 'open') process.stdout.write('open\n');
});
link.start();
