/** The last loads of one agent as a small line, 0 at the bottom and 1 at the top (values outside are clamped). */
const WIDTH = 96;
const HEIGHT = 24;

export function LoadSparkline({ loads }: { loads: readonly number[] }) {
  if (loads.length < 2) return <svg className="load-sparkline" width={WIDTH} height={HEIGHT} aria-hidden="true" />;
  const step = WIDTH / (loads.length - 1);
  const points = loads.map((load, index) => `${(index * step).toFixed(1)},${(HEIGHT - 1 - Math.min(1, Math.max(0, load)) * (HEIGHT - 2)).toFixed(1)}`).join(' ');
  return (
    <svg className="load-sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Load over the last ${loads.length} reports`}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
