/**
 * The EEG rows: the bus pipeline (bench/eegPipeline.ts, no Redis, simulated
 * frame clock) and the browser run (bench/eegBrowser.ts, Chromium against
 * the serve host). The browser module is optional here: when it is missing
 * or fails, its rows are left out and the reason is printed, so the other
 * scenarios still report.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PLOT_FRAME_INTERVAL_MS } from '../src/shared/contract';
import { isBenchResult, result, type BenchResult } from './benchResults';
import { measureEegBusPipeline } from './eegPipeline';

const BROWSER_MODULE_URL = new URL('./eegBrowser.ts', import.meta.url);

export interface EegOutcome {
  rows: BenchResult[];
  /** Plain sentences about rows that could not be measured. */
  notes: string[];
}

export async function runEegScenarios(isQuick: boolean): Promise<EegOutcome> {
  const pipeline = measureEegBusPipeline({ seconds: isQuick ? 5 : 10 });
  const browser = await runBrowserScenario(isQuick);
  // The browser run measures from Redis on; the pipeline's rows only stand in for rows it did not give.
  const fallbacks = [
    result('eeg-frame-build-p95-bus', pipeline.frameBuildP95Ms, 'ms, bus pipeline without Redis (baseline: the plot frame interval)', PLOT_FRAME_INTERVAL_MS),
    result('eeg-samples-lost', pipeline.samplesLost, 'samples in the bus pipeline, 4 streams, no Redis (baseline: target 0)', 0),
  ];
  const rows = [...browser.rows, ...fallbacks.filter((fallback) => !browser.rows.some((row) => row.name === fallback.name))];
  return { rows, notes: browser.notes };
}

async function runBrowserScenario(isQuick: boolean): Promise<EegOutcome> {
  if (!existsSync(fileURLToPath(BROWSER_MODULE_URL))) return { rows: [], notes: ['The EEG browser scenario (bench/eegBrowser.ts) is not there yet; its rows are left out.'] };
  try {
    const browserModule = (await import(BROWSER_MODULE_URL.href)) as { measureEegBrowser?: (options: { quick: boolean }) => Promise<unknown> };
    if (typeof browserModule.measureEegBrowser !== 'function') return { rows: [], notes: ['bench/eegBrowser.ts exports no measureEegBrowser; its rows are left out.'] };
    const rows = await browserModule.measureEegBrowser({ quick: isQuick });
    if (!Array.isArray(rows)) return { rows: [], notes: ['The EEG browser scenario returned no rows.'] };
    const valid = rows.filter(isBenchResult);
    const notes = valid.length < rows.length ? [`The EEG browser scenario returned ${rows.length - valid.length} malformed rows; they are left out.`] : [];
    return { rows: valid, notes };
  } catch (error) {
    return { rows: [], notes: [`The EEG browser scenario failed, so its rows are left out: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
