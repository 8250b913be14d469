/** The plots feature: live EEG and telemetry plots, each owned by the client that opened it. */
import type { ClientId } from '../../shared/contract';
import type { PLOTS_REQUESTS } from '../../shared/features/plotsContract';
import { fail, ok } from '../../shared/result';
import type { BusFeature, BusServices } from '../busFeature';
import type { OwnedResource } from '../clientResources';
import { PlotService } from './plotService';

const PLOT_NOT_OPEN_MESSAGE = 'That plot is no longer open.';

function plotResource(plotId: string): OwnedResource {
  return { kind: 'plot', id: plotId };
}

export function createPlotsFeature(services: BusServices): BusFeature<keyof typeof PLOTS_REQUESTS> {
  const { resources } = services;
  const plots = new PlotService({ source: services.sources, emitFrame: services.emitFrame, onDidClosePlot: (plotId) => resources.forget(plotResource(plotId)) });
  const ownsPlot = (clientId: ClientId, plotId: string): boolean => resources.isOwnedBy(clientId, plotResource(plotId));
  return {
    name: 'plots',
    handlers: {
      'plots:open': async ({ profileId, spec }, clientId) =>
        plots.open(profileId, spec, (plotId) => resources.claim(clientId, plotResource(plotId), () => plots.close(plotId))),
      // A plot is its opener's: another client is answered as if it did not exist, and closing it does nothing.
      'plots:update': async ({ plotId, spec }, clientId) =>
        ownsPlot(clientId, plotId) ? plots.update(plotId, spec) : fail('NOT_FOUND', PLOT_NOT_OPEN_MESSAGE),
      'plots:close': async ({ plotId }, clientId) => (ownsPlot(clientId, plotId) ? plots.close(plotId) : ok({ plotId })),
      'plots:keyframe': async ({ plotId }, clientId) =>
        ownsPlot(clientId, plotId) ? plots.requestKeyframe(plotId) : fail('NOT_FOUND', PLOT_NOT_OPEN_MESSAGE),
      'plots:range': async ({ plotId, fromMs, toMs, pixelWidth }, clientId) =>
        ownsPlot(clientId, plotId) ? plots.range(plotId, fromMs, toMs, pixelWidth) : fail('NOT_FOUND', PLOT_NOT_OPEN_MESSAGE),
      'plots:paths': async ({ profileId, channel }) => ok(plots.describeChannel(profileId, channel)),
      'plots:streams': async ({ profileId }) => ok(plots.offeredStreams(profileId)),
    },
    closeProfile: (profileId) => plots.closeProfile(profileId),
    dispose: () => plots.dispose(),
  };
}
