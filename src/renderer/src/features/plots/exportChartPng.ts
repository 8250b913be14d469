/**
 * A chart as a PNG file for a lab notebook: the title, a legend line and the
 * time of export above the plot canvas, on white.
 */
import { formatClockMinutes, formatClockTime, formatLocalDate } from '../../format/formatClockTime';

export interface PngLegendEntry {
  text: string;
  color: string;
}

const HEADER_CSS_PX = 44;

export function exportChartPng(plotCanvas: HTMLCanvasElement, title: string, legend: readonly PngLegendEntry[], fileName: string): Promise<boolean> {
  const ratio = plotCanvas.width / Math.max(1, plotCanvas.clientWidth || plotCanvas.width);
  const header = Math.round(HEADER_CSS_PX * ratio);
  const canvas = document.createElement('canvas');
  canvas.width = plotCanvas.width;
  canvas.height = plotCanvas.height + header;
  const context = canvas.getContext('2d');
  if (!context) return Promise.resolve(false);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.textBaseline = 'top';
  context.fillStyle = '#18212c';
  context.font = `600 ${14 * ratio}px system-ui, sans-serif`;
  context.fillText(`${title} — ${formatLocalDate(Date.now())} ${formatClockTime(Date.now())}`, 8 * ratio, 4 * ratio);
  context.font = `${12 * ratio}px system-ui, sans-serif`;
  let x = 8 * ratio;
  for (const entry of legend) {
    context.fillStyle = entry.color;
    context.fillRect(x, 26 * ratio, 10 * ratio, 10 * ratio);
    x += 14 * ratio;
    context.fillStyle = '#18212c';
    context.fillText(entry.text, x, 24 * ratio);
    x += context.measureText(entry.text).width + 16 * ratio;
  }
  context.drawImage(plotCanvas, 0, header);
  return new Promise((resolve) => {
    canvas.toBlob((blob) => {
      if (!blob) {
        resolve(false);
        return;
      }
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      // Chromium reads the blob after this turn; freeing the URL at once can cancel the download.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      resolve(true);
    }, 'image/png');
  });
}

/** "mushroom1 telemetry" → "mushroom1-telemetry-2024-05-01-1041.png" */
export function pngFileName(title: string, at: Date = new Date()): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'chart';
  return `${slug}-${formatLocalDate(at.getTime())}-${formatClockMinutes(at.getTime()).replace(':', '')}.png`;
}
