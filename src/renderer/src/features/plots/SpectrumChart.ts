/**
 * Power spectral density per channel on a log scale, with the EEG band
 * edges marked. Spectra arrive a few times per second, small (about one
 * bin per Hz up to MAX_SPECTRUM_HZ), so they are copied into plain arrays
 * with null where the power is not positive (a log scale cannot show it).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { EEG_BANDS_FOR_DISPLAY } from './eegBands';
import { formatDecade } from './formatPlotValue';

/** Mains at 50 or 60 Hz and its first harmonic stay in view; EEG above this is rarely of interest. */
export const MAX_SPECTRUM_HZ = 100;
const ALL_CHANNELS_COLOR = 'rgba(27, 92, 176, 0.45)';
const ONE_CHANNEL_COLOR = '#1b5cb0';
const BAND_EDGE_COLOR = 'rgba(82, 93, 107, 0.5)';
const AXIS_COLOR = '#525d6b';
/** Power floor for the log scale, µV²/Hz: far below any real EEG noise floor. */
const MIN_POWER = 1e-6;

export interface SpectrumSeries {
  name: string;
  power: Float32Array;
}

export class SpectrumChart {
  private plot: uPlot | null = null;
  private seriesKey = '';
  /** The axis ends where the data does: the stream's Nyquist frequency, or MAX_SPECTRUM_HZ. */
  private maxHz = MAX_SPECTRUM_HZ;

  constructor(
    private readonly container: HTMLElement,
    private width: number,
    private height: number,
  ) {}

  show(frequenciesHz: Float32Array, series: readonly SpectrumSeries[], isSingle: boolean): void {
    let binCount = 0;
    while (binCount < frequenciesHz.length && frequenciesHz[binCount]! <= MAX_SPECTRUM_HZ) binCount++;
    const x = Array.from(frequenciesHz.subarray(0, binCount));
    this.maxHz = binCount > 1 ? x[binCount - 1]! : MAX_SPECTRUM_HZ;
    const ys = series.map((one) => {
      const column = new Array<number | null>(binCount);
      for (let bin = 0; bin < binCount; bin++) {
        const value = one.power[bin]!;
        column[bin] = value > 0 ? Math.max(MIN_POWER, value) : null;
      }
      return column;
    });
    const key = `${isSingle ? 'one' : 'all'}:${series.map((one) => one.name).join('\u0000')}`;
    if (this.plot === null || key !== this.seriesKey) {
      this.plot?.destroy();
      this.seriesKey = key;
      this.plot = this.create(series, isSingle, [x, ...ys]);
      return;
    }
    this.plot.setData([x, ...ys]);
  }

  setSize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.plot?.setSize({ width, height });
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = null;
  }

  private create(series: readonly SpectrumSeries[], isSingle: boolean, data: uPlot.AlignedData): uPlot {
    const options: uPlot.Options = {
      width: this.width,
      height: this.height,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, auto: false, range: () => [0, this.maxHz] },
        y: { distr: 3, log: 10 },
      },
      axes: [
        { stroke: AXIS_COLOR, label: 'Frequency (Hz)', labelSize: 18, size: 32, grid: { stroke: '#eef1f5' } },
        {
          stroke: AXIS_COLOR,
          label: 'µV²/Hz',
          labelSize: 18,
          size: 56,
          grid: { stroke: '#eef1f5' },
          // Decades only: the log scale's 2..9 steps would draw a grid line every few pixels.
          splits: (_plot, _axis, min, max) => decadesBetween(min, max),
          // uPlot's own labels round small decades to "0" (0.001 and 0.0001 both read 0).
          values: (_plot, splits) => splits.map((split) => (split === null ? '' : formatDecade(split))),
        },
      ],
      series: [
        {},
        ...series.map(
          (one): uPlot.Series => ({
            label: one.name,
            stroke: isSingle ? ONE_CHANNEL_COLOR : ALL_CHANNELS_COLOR,
            width: 1 / devicePixelRatio,
            points: { show: false },
          }),
        ),
      ],
      hooks: { draw: [(plot) => drawBandEdges(plot)] },
    };
    return new uPlot(options, data, this.container);
  }
}

function drawBandEdges(plot: uPlot): void {
  const context = plot.ctx;
  const { top, height } = plot.bbox;
  context.save();
  context.strokeStyle = BAND_EDGE_COLOR;
  context.fillStyle = AXIS_COLOR;
  context.lineWidth = 1;
  context.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
  context.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const band of EEG_BANDS_FOR_DISPLAY) {
    const left = Math.round(plot.valToPos(band.lowHz, 'x', true)) + 0.5;
    const right = plot.valToPos(band.highHz, 'x', true);
    context.beginPath();
    context.moveTo(left, top);
    context.lineTo(left, top + height);
    context.stroke();
    context.fillText(band.symbol, (left + right) / 2, top + 3 * devicePixelRatio);
  }
  context.restore();
}

function decadesBetween(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [];
  const decades: number[] = [];
  for (let exponent = Math.ceil(Math.log10(min) - 1e-9); exponent <= Math.floor(Math.log10(max) + 1e-9); exponent++) decades.push(10 ** exponent);
  return decades;
}
