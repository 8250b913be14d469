/** The montage's fixed margins in CSS pixels, shared by the chart and the pixel width sent to the bus. */
export const LANE_NAME_AXIS_PX = 64;
export const PLOT_RIGHT_PADDING_PX = 12;

/** Width of the plot area (where lanes are drawn) inside a montage `containerWidth` wide, CSS pixels. */
export function eegPlotAreaWidth(containerWidth: number): number {
  return Math.max(16, containerWidth - LANE_NAME_AXIS_PX - PLOT_RIGHT_PADDING_PX);
}
