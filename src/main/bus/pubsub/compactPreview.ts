/**
 * One-line compact JSON of a decoded value, for the feed preview. It stops
 * writing once the preview is full, so a 100,000-element array costs no
 * more than a short one. MessagePack values that JSON lacks are written
 * the way the detail tree shows them: bytes as {"$binary":"hex"}, big
 * integers and dates as strings, Maps as objects.
 */
import { toVisibleTextWithin } from '../../../shared/displayText';
import { toHex } from '../decode/hexPreview';

const ELLIPSIS = '…';
/** Deeper than this the preview writes … (the decoder itself stops at 64). */
const MAX_PREVIEW_DEPTH = 32;

class CappedWriter {
  private readonly parts: string[] = [];
  length = 0;

  constructor(private readonly maxChars: number) {}

  get isFull(): boolean {
    return this.length >= this.maxChars;
  }

  get remaining(): number {
    return Math.max(0, this.maxChars - this.length);
  }

  write(text: string): void {
    if (this.isFull) return;
    this.parts.push(text);
    this.length += text.length;
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Compact JSON of `value`, invisible characters escaped, at most `maxChars` long (ending in … when cut). */
export function compactJsonPreview(value: unknown, maxChars: number): string {
  const writer = new CappedWriter(maxChars + 1);
  writeValue(value, writer, 0);
  const visible = toVisibleTextWithin(writer.text(), maxChars);
  if (!visible.isTruncated) return visible.text;
  return toVisibleTextWithin(writer.text(), maxChars - 1).text + ELLIPSIS;
}

function writeValue(value: unknown, writer: CappedWriter, depth: number): void {
  if (writer.isFull) return;
  switch (typeof value) {
    case 'string':
      // Only what fits is quoted: a 5 MB string costs as much as the preview.
      writer.write(JSON.stringify(value.length > writer.remaining ? value.slice(0, writer.remaining) : value));
      return;
    case 'number':
      // NaN and ±Infinity (MessagePack floats carry them) are shown as such rather than as JSON's null.
      writer.write(String(value));
      return;
    case 'bigint':
      writer.write(`"${value.toString()}"`);
      return;
    case 'boolean':
      writer.write(value ? 'true' : 'false');
      return;
    case 'undefined':
      writer.write('null');
      return;
    case 'object':
      break;
    default:
      writer.write(JSON.stringify(String(value)));
      return;
  }
  if (value === null) {
    writer.write('null');
    return;
  }
  if (depth >= MAX_PREVIEW_DEPTH) {
    writer.write(ELLIPSIS);
    return;
  }
  if (value instanceof Uint8Array) {
    writer.write(`{"$binary":"${toHex(value, Math.ceil(writer.remaining / 3)).replace(/ /g, '')}"}`);
    return;
  }
  if (value instanceof Date) {
    writer.write(Number.isNaN(value.getTime()) ? '"Invalid Date"' : JSON.stringify(value.toISOString()));
    return;
  }
  if (Array.isArray(value)) {
    writer.write('[');
    for (let index = 0; index < value.length && !writer.isFull; index++) {
      if (index > 0) writer.write(',');
      writeValue(value[index], writer, depth + 1);
    }
    writer.write(']');
    return;
  }
  if (value instanceof Map) {
    writer.write('{');
    let isFirst = true;
    for (const [key, entry] of value) {
      if (writer.isFull) break;
      if (!isFirst) writer.write(',');
      isFirst = false;
      writer.write(`${JSON.stringify(String(key))}:`);
      writeValue(entry, writer, depth + 1);
    }
    writer.write('}');
    return;
  }
  writer.write('{');
  let isFirst = true;
  for (const key in value) {
    if (writer.isFull) break;
    if (!Object.hasOwn(value, key)) continue;
    if (!isFirst) writer.write(',');
    isFirst = false;
    writer.write(`${JSON.stringify(key)}:`);
    writeValue((value as Record<string, unknown>)[key], writer, depth + 1);
  }
  writer.write('}');
}
