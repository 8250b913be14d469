/**
 * The channel a record is published to: a template such as
 * `devices:{device_id}:telemetry` whose `{name}` parts are taken from the
 * record's fields: a top-level name, or a field path into the record
 * (`{data.device_id}`, `{sensors[0].id}`; shared/fieldPath.ts, without `*`).
 * A name with a dot that the record holds as one top-level key (an old
 * template's `{sensor.id}`) still takes that key. `{device_id}` falls back to the bridge's device
 * id when the record has none. Only text and numbers may name a channel: an
 * object or a missing field is an error in words, never "[object Object]".
 */
import { parseSingleFieldPath, resolveFieldPath, type FieldPathStep } from '../../../shared/fieldPath';
import { fail, ok, type Result } from '../../../shared/result';

/** Redis takes longer names; a longer channel is far more likely a template mistake than a channel. */
export const MAX_CHANNEL_CHARS = 1024;

/** `steps` is null for a plain top-level name (no dot or bracket), read as that key. */
type TemplatePart = { kind: 'text'; text: string } | { kind: 'field'; name: string; steps: FieldPathStep[] | null };

/** Compiled templates by text; a bridge has one, a profile at most a few dozen. */
const compiled = new Map<string, TemplatePart[]>();
/**
 * The last channel made from a one-field template, by the field's text: a
 * board's records name the same device over and over, so they share one
 * channel string (the batch publisher compares channels per record).
 */
const lastChannels = new WeakMap<TemplatePart[], { fieldText: string; channel: string }>();
const MAX_COMPILED_TEMPLATES = 256;

/** What is wrong with a template, in words; null when it can name channels. Checked when a bridge is saved. */
export function channelTemplateProblem(template: string): string | null {
  const parts = parseTemplate(template);
  return parts.ok ? null : parts.error.message;
}

/**
 * The channel for one record. `record` is the read value (an object's
 * top-level fields fill the template), or null for raw bytes, which have no
 * fields.
 */
export function resolveChannel(template: string, record: unknown, fallbackDeviceId: string): Result<string> {
  let parts = compiled.get(template);
  if (parts === undefined) {
    const parsed = parseTemplate(template);
    if (!parsed.ok) return parsed;
    parts = parsed.value;
    if (compiled.size >= MAX_COMPILED_TEMPLATES) compiled.clear();
    compiled.set(template, parts);
  }
  const single = soleField(parts);
  let singleText: string | null = null;
  if (single !== null) {
    const value = fieldText(record, single, fallbackDeviceId);
    if (!value.ok) return value;
    const last = lastChannels.get(parts);
    if (last !== undefined && last.fieldText === value.value) return ok(last.channel);
    singleText = value.value;
  }
  let channel = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      channel += part.text;
      continue;
    }
    const value = singleText !== null ? ok(singleText) : fieldText(record, part, fallbackDeviceId);
    if (!value.ok) return value;
    channel += value.value;
  }
  if (channel.length > MAX_CHANNEL_CHARS) {
    return fail('INVALID', `The channel for this record would be ${channel.length} characters, more than the ${MAX_CHANNEL_CHARS} allowed; check the fields the template takes.`);
  }
  if (singleText !== null) lastChannels.set(parts, { fieldText: singleText, channel });
  return ok(channel);
}

function soleField(parts: readonly TemplatePart[]): Extract<TemplatePart, { kind: 'field' }> | null {
  let field: Extract<TemplatePart, { kind: 'field' }> | null = null;
  for (const part of parts) {
    if (part.kind !== 'field') continue;
    if (field !== null) return null;
    field = part;
  }
  return field;
}

function fieldText(record: unknown, part: Extract<TemplatePart, { kind: 'field' }>, fallbackDeviceId: string): Result<string> {
  const name = part.name;
  const isObject = record !== null && typeof record === 'object' && !Array.isArray(record) && !ArrayBuffer.isView(record);
  const topLevel = isObject && Object.hasOwn(record, name) ? (record as Record<string, unknown>)[name] : undefined;
  const value = part.steps === null || topLevel !== undefined ? topLevel : isObject ? resolveFieldPath(record, part.steps) : undefined;
  if (value === undefined || value === null) {
    if (name === 'device_id' && fallbackDeviceId !== '') return ok(fallbackDeviceId);
    const what = record === null ? 'The record is raw bytes, so it has' : isObject ? 'The record has' : 'The record is not an object with fields, so it has';
    const hint = name === 'device_id' ? ' (set a device id on the bridge to use when records carry none)' : '';
    return fail('INVALID', `${what} no ${name} for {${name}} in the channel${hint}.`);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return ok(String(value));
  if (typeof value === 'string' && value !== '') return ok(value);
  const kind = typeof value === 'string' ? 'empty text' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return fail('INVALID', `The record's ${name} is ${kind}, not text or a number, so it cannot fill {${name}} in the channel.`);
}

function parseTemplate(template: string): Result<TemplatePart[]> {
  if (template.trim() === '') return broken('is empty; name a channel such as devices:telemetry');
  if (template.length > MAX_CHANNEL_CHARS) return broken(`is ${template.length} characters; at most ${MAX_CHANNEL_CHARS} are allowed`);
  const parts: TemplatePart[] = [];
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf('{', index);
    const close = template.indexOf('}', index);
    if (close >= 0 && (open < 0 || close < open)) return broken(`has a } at character ${close + 1} with no { before it`);
    if (open < 0) {
      parts.push({ kind: 'text', text: template.slice(index) });
      break;
    }
    if (open > index) parts.push({ kind: 'text', text: template.slice(index, open) });
    const end = template.indexOf('}', open);
    if (end < 0) return broken(`has a { at character ${open + 1} that is never closed`);
    const name = template.slice(open + 1, end);
    if (name.trim() === '' || name.includes('{')) return broken(`has {${name}} at character ${open + 1}, which names no field; write a field such as {device_id}`);
    const steps = fieldSteps(name);
    if (!steps.ok) return broken(`has {${name}} at character ${open + 1}: ${steps.error.message}`);
    parts.push({ kind: 'field', name, steps: steps.value });
    index = end + 1;
  }
  return ok(parts);
}

/** null for a plain top-level name; the steps of a field path; why a path cannot be read, in the field path's own words. */
function fieldSteps(name: string): Result<FieldPathStep[] | null> {
  if (!name.includes('.') && !name.includes('[')) return ok(null);
  const steps = parseSingleFieldPath(name);
  if (!steps.ok) return fail('INVALID', lowerFirst(steps.error.message.replace(/\.$/, '')));
  return ok(steps.value);
}

function broken(why: string): Result<never> {
  return fail('INVALID', `The channel template ${why}.`, { field: 'routing.channelTemplate' });
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}
