import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_EEG_SETTINGS, EMPTY_SETUP, PlotSetupStore, readSetup, type SetupStorage } from '../../../src/renderer/src/features/plots/plotSetupStore';

/** Stands in for the page's localStorage. */
class FakeStorage implements SetupStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

test('what the operator set up on one profile lasts for the page and comes back in a new page from storage; other profiles are untouched', () => {
  const storage = new FakeStorage();
  const store = new PlotSetupStore(storage);
  let changes = 0;
  store.subscribe(() => changes++);
  store.changeEegSettings('lab', 'user:a:raw', { windowSeconds: 2, filters: { ...DEFAULT_EEG_SETTINGS.filters, notchHz: 50 } });
  store.change('lab', (setup) => ({ ...setup, openedChannels: ['user:b:raw'], eegShown: { 'user:b:raw': true } }));
  store.changeChartSettings('lab', 'devices:telemetry#m1', { windowSeconds: 300 });
  store.change('lab', (setup) => ({
    ...setup,
    customCharts: [
      { key: 'custom-1', title: 'Acidity', target: { kind: 'channel', name: 'experiments:data' }, fieldPaths: ['data.data.ph'], match: null },
      { key: 'custom-2', title: 'Readings', target: { kind: 'stream', key: 'lab:readings' }, fieldPaths: ['celsius'], match: null },
    ],
    nextChartNumber: 3,
  }));
  const sameSnapshot = store.setup('lab') === store.setup('lab');

  const reloaded = new PlotSetupStore(storage);
  assert.deepStrictEqual(
    { changes, sameSnapshot, reloaded: reloaded.setup('lab'), other: reloaded.setup('other') },
    {
      changes: 4,
      sameSnapshot: true,
      reloaded: {
        openedChannels: ['user:b:raw'],
        eegShown: { 'user:b:raw': true },
        eegSettings: { 'user:a:raw': { ...DEFAULT_EEG_SETTINGS, windowSeconds: 2, filters: { ...DEFAULT_EEG_SETTINGS.filters, notchHz: 50 } } },
        customCharts: [
          { key: 'custom-1', title: 'Acidity', target: { kind: 'channel', name: 'experiments:data' }, fieldPaths: ['data.data.ph'], match: null },
          { key: 'custom-2', title: 'Readings', target: { kind: 'stream', key: 'lab:readings' }, fieldPaths: ['celsius'], match: null },
        ],
        chartSettings: { 'devices:telemetry#m1': { windowSeconds: 300, timeSource: 'message' } },
        nextChartNumber: 3,
      },
      other: EMPTY_SETUP,
    },
  );
});

test('a stored setup of the wrong shape is read safely: bad parts fall back to defaults, junk to nothing', () => {
  const storage = new FakeStorage();
  storage.setItem('labwire.plots.v1.lab', '{not json');
  assert.deepStrictEqual(new PlotSetupStore(storage).setup('lab'), EMPTY_SETUP);
  assert.deepStrictEqual(
    readSetup({
      openedChannels: ['user:a:raw', 7],
      eegShown: { 'user:a:raw': 'yes', 'user:b:raw': false },
      eegSettings: { 'user:a:raw': { windowSeconds: '10', scale: 3, filters: { notchHz: 55, bandPass: { lowHz: 1 } } } },
      customCharts: [{ key: 'x' }],
      nextChartNumber: -1,
    }),
    { ...EMPTY_SETUP, openedChannels: ['user:a:raw'], eegShown: { 'user:b:raw': false }, eegSettings: { 'user:a:raw': DEFAULT_EEG_SETTINGS } },
  );
});

test('a page without storage keeps the setup for the page', () => {
  const store = new PlotSetupStore(null);
  store.changeChartSettings('lab', 'chart', { timeSource: 'receive' });
  assert.deepStrictEqual(store.chartSettings('lab', 'chart'), { windowSeconds: 60, timeSource: 'receive' });
});

test('a chart stored before plots took any target (it names a channel) reads as a chart of that channel', () => {
  const storage = new FakeStorage();
  storage.setItem('labwire.plots.v1.lab', JSON.stringify({ customCharts: [{ key: 'custom-1', title: 'Acidity', channel: 'experiments:data', fieldPaths: ['data.data.ph'], match: null }], nextChartNumber: 2 }));
  assert.deepStrictEqual(new PlotSetupStore(storage).setup('lab').customCharts, [
    { key: 'custom-1', title: 'Acidity', target: { kind: 'channel', name: 'experiments:data' }, fieldPaths: ['data.data.ph'], match: null },
  ]);
});
