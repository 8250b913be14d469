/**
 * One plot in the bus for as long as the component that asks for it is
 * mounted: 'plots:open' on mount, 'plots:update' when the spec changes
 * (filters, window, pixel width), 'plots:close' on unmount, also when the
 * open answer arrives after the unmount.
 */
import { useEffect, useRef, useState } from 'react';
import type { PlotFrame, PlotInfo, PlotSpec } from '../../../../shared/plots';
import { useLabwireApi } from '../../transport/transportContext';
import { LivePicture } from '../../../../shared/livePicture';

export type BusPlotState =
  | { state: 'opening' }
  | { state: 'open'; info: PlotInfo }
  | { state: 'failed'; message: string };

export interface BusPlot {
  plot: BusPlotState;
  /** Why the last settings change was refused (the plot keeps its previous settings), or null. */
  updateProblem: string | null;
}

export function useBusPlot(profileId: string, spec: PlotSpec): BusPlot {
  const api = useLabwireApi();
  const [plot, setPlot] = useState<BusPlotState>({ state: 'opening' });
  const [updateProblem, setUpdateProblem] = useState<string | null>(null);
  const latestSpec = useRef(spec);
  const sentSpec = useRef('');

  useEffect(() => {
    latestSpec.current = spec;
  }, [spec]);

  useEffect(() => {
    let isMounted = true;
    let plotId: string | null = null;
    const initial = latestSpec.current;
    void api.request('plots:open', { profileId, spec: initial }).then((result) => {
      if (!result.ok) {
        if (isMounted) setPlot({ state: 'failed', message: result.error.message });
        return;
      }
      plotId = result.value.plotId;
      if (!isMounted) {
        void api.request('plots:close', { plotId });
        return;
      }
      sentSpec.current = JSON.stringify(initial);
      setPlot({ state: 'open', info: result.value });
    });
    return () => {
      isMounted = false;
      if (plotId !== null) void api.request('plots:close', { plotId });
    };
  }, [api, profileId]);

  const openPlotId = plot.state === 'open' ? plot.info.plotId : null;
  useEffect(() => {
    if (openPlotId === null) return;
    const text = JSON.stringify(spec);
    if (text === sentSpec.current) return;
    sentSpec.current = text;
    let isCurrent = true;
    void api.request('plots:update', { plotId: openPlotId, spec }).then((result) => {
      if (!isCurrent) return;
      if (result.ok) {
        setUpdateProblem(null);
        setPlot({ state: 'open', info: result.value });
      } else {
        setUpdateProblem(result.error.message);
      }
    });
    return () => {
      isCurrent = false;
    };
  }, [api, openPlotId, spec]);

  return { plot, updateProblem };
}

/**
 * Calls `onFrame` with the live picture of `plotId` after each of its frames
 * (none while plotId is null): the frame chain applied (livePicture.ts).
 * When a frame of the chain went missing (a host drops frames for a tab that
 * falls behind), the last picture stays and the bus is asked for a keyframe.
 */
export function usePlotFrames(plotId: string | null, onFrame: (frame: PlotFrame) => void): void {
  const api = useLabwireApi();
  const latestOnFrame = useRef(onFrame);
  useEffect(() => {
    latestOnFrame.current = onFrame;
  }, [onFrame]);
  useEffect(() => {
    if (plotId === null) return;
    const live = new LivePicture();
    return api.onDidReceiveFrame((frame) => {
      if (frame.kind !== 'plot' || frame.plotId !== plotId) return;
      const applied = live.apply(frame);
      if (applied.state === 'picture') latestOnFrame.current(applied.picture);
      else if (applied.shouldAsk) void api.request('plots:keyframe', { plotId });
    });
  }, [api, plotId]);
}
