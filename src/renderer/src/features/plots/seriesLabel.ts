/** What a series is called on screen: the last key of its field path (`channels.Ch3` → `Ch3`, `data.telemetry.co2` → `co2`, `channels["a.b"]` → `a.b`). */
export function seriesLabel(path: string): string {
  const bracketed = /\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\d+))\s*\]$/.exec(path);
  if (bracketed) return bracketed[1] ?? bracketed[2] ?? bracketed[3] ?? path;
  const dot = path.lastIndexOf('.');
  return dot >= 0 ? path.slice(dot + 1) : path;
}
