/**
 * A real BusCore (no fakes inside) for tests that drive whole features on a
 * Sentinel group or a Cluster: a temp data folder, the feed frames it emits
 * read back as a window would, and each profile's latest connection state.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusCore } from '../../src/bus/busCore';
import { decodeBusMessage } from '../../src/shared/busMessageCodec';
import type { ConnectionState } from '../../src/shared/connectionState';
import type { BusToHostMessage } from '../../src/shared/contract';
import type { PlotFrame } from '../../src/shared/plots';
import { defaultProfileFields, type Profile, type ProfileTopology } from '../../src/shared/profile';
import { FrameSink } from './feedFrameSink';
import { until, valueOf } from './waitUntil';

export interface BusCoreOnTopology {
  core: BusCore;
  sink: FrameSink;
  /** Every plot frame the core emitted, oldest first. */
  plotFrames: PlotFrame[];
  /** Saves a profile with this topology, opens it and waits until it is ready. */
  openProfile(name: string, topology: ProfileTopology, address: { host: string; port: number }): Promise<Profile>;
  dispose(): Promise<void>;
}

export async function startBusCore(label: string): Promise<BusCoreOnTopology> {
  const dataDir = await mkdtemp(join(tmpdir(), `labwire-${label}-`));
  const sink = new FrameSink();
  const plotFrames: PlotFrame[] = [];
  const states = new Map<string, ConnectionState>();
  const core = await BusCore.create({
    host: 'serve',
    appVersion: 'test',
    dataDir,
    keySource: { kind: 'none', reason: 'these tests keep no secrets' },
    emit: (message: BusToHostMessage) => {
      if (message.kind === 'encodedFrame') {
        const decoded = decodeBusMessage(message.bytes);
        if (decoded.kind === 'frame' && decoded.frame.kind === 'feed') sink.add(decoded.frame);
        if (decoded.kind === 'frame' && decoded.frame.kind === 'plot') plotFrames.push(decoded.frame);
      }
      if (message.kind === 'event' && message.event.type === 'connection:state') states.set(message.event.profileId, message.event.state);
    },
  });
  return {
    core,
    sink,
    plotFrames,
    openProfile: async (name, topology, address) => {
      const profile = valueOf(await core.handle('profiles:save', { ...defaultProfileFields(), name, host: address.host, port: address.port, topology })) as Profile;
      valueOf(await core.handle('connection:open', { profileId: profile.id }));
      await until(`${name} to be ready`, () => states.get(profile.id)?.state === 'ready', 30_000);
      return profile;
    },
    dispose: async () => {
      await core.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
