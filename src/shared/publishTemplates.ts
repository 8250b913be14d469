/**
 * Ready-made payloads for the publish panel, one per channel role of the lab
 * traffic (../shared/LAB_TRAFFIC.md). Each payload is valid JSON as written:
 * `"{{now}}"` (quotes included) becomes a number and `{{messageId}}` sits
 * inside a JSON string, so a template can be checked before it is filled.
 */
import type { PublishEncoding, PublishTemplate } from './publishing';

export const MESSAGE_ID_PLACEHOLDER = '{{messageId}}';
export const NOW_PLACEHOLDER = '{{now}}';
/** In a template's channel: the user (or device) id the user fills in. */
export const CHANNEL_ID_PLACEHOLDER = '{id}';

export const PUBLISH_TEMPLATES: readonly PublishTemplate[] = [
  {
    id: 'user-command',
    label: 'Command to a user (JSON)',
    channel: 'user:{id}:commands',
    encoding: 'json',
    payload: json({
      type: 'command',
      message_id: MESSAGE_ID_PLACEHOLDER,
      command: 'start_recording',
      params: {},
      source: 'labwire',
      timestamp: NOW_PLACEHOLDER,
    }),
  },
  {
    id: 'user-command-msgpack',
    label: 'Command to a user (MessagePack)',
    channel: 'user:{id}:commands',
    encoding: 'msgpack',
    payload: json({
      type: 'command',
      message_id: MESSAGE_ID_PLACEHOLDER,
      command: 'set_sampling_rate',
      params: { hz: 250 },
      source: 'labwire',
      timestamp: NOW_PLACEHOLDER,
    }),
  },
  {
    id: 'user-alert',
    label: 'Alert for one user',
    channel: 'user:{id}:alerts',
    encoding: 'json',
    payload: json({
      type: 'alert',
      message_id: MESSAGE_ID_PLACEHOLDER,
      severity: 'warning',
      message: 'Electrode contact is poor on Ch3.',
      source: 'labwire',
      timestamp: NOW_PLACEHOLDER,
    }),
  },
  {
    id: 'system-alert',
    label: 'System alert',
    channel: 'system:alerts',
    encoding: 'json',
    payload: json({
      channel: 'system:alerts',
      source: 'labwire',
      timestamp: NOW_PLACEHOLDER,
      data: { alert_id: MESSAGE_ID_PLACEHOLDER, severity: 'warning', message: 'Incubator 2 door open for 5 minutes.' },
    }),
  },
  {
    id: 'task-update',
    label: 'Task progress update',
    channel: 'task_updates',
    encoding: 'json',
    payload: json({ task_id: 'task-001', status: 'running', message: 'Step 2 of 4', progress: 50 }),
  },
  {
    id: 'agent-status',
    label: 'Agent status (task router)',
    channel: 'agent:status',
    encoding: 'json',
    payload: json({
      type: 'agent_status',
      payload: { agentId: 'agent-1', name: 'Analysis agent', status: 'idle', load: 0, timestamp: NOW_PLACEHOLDER },
    }),
  },
  {
    id: 'agents-status',
    label: 'Agent status (agent monitor)',
    channel: 'agents:status',
    encoding: 'json',
    payload: json({
      channel: 'agents:status',
      source: 'labwire',
      timestamp: NOW_PLACEHOLDER,
      data: { agent_id: 'agent-1', status: 'healthy' },
    }),
  },
  {
    id: 'device-telemetry',
    label: 'Device telemetry reading',
    channel: 'devices:telemetry',
    encoding: 'json',
    payload: json({
      channel: 'devices:telemetry',
      source: 'labwire',
      timestamp: NOW_PLACEHOLDER,
      data: { device_id: 'mushroom1', telemetry: { temperature: 22.5, humidity: 85, co2: 650, tvoc: 120 } },
    }),
  },
];

export interface TemplateValues {
  /** A fresh id for the message (a UUID, say); made by the caller so this stays pure. */
  messageId: string;
  /** Epoch seconds, may carry a fraction (LAB_TRAFFIC timestamps are float seconds). */
  nowSeconds: number;
  /** Fills `{id}` in the channel; absent leaves `{id}` for the user to fill. */
  id?: string;
}

export interface FilledTemplate {
  channel: string;
  encoding: PublishEncoding;
  payload: string;
}

export function fillTemplate(template: PublishTemplate, values: TemplateValues): FilledTemplate {
  // The id lands inside a JSON string, so it is escaped the way JSON escapes it.
  const messageId = JSON.stringify(values.messageId).slice(1, -1);
  const now = Number.isFinite(values.nowSeconds) ? String(values.nowSeconds) : 'null';
  const payload = template.payload
    .split(`"${NOW_PLACEHOLDER}"`)
    .join(now)
    .split(NOW_PLACEHOLDER)
    .join(now)
    .split(MESSAGE_ID_PLACEHOLDER)
    .join(messageId);
  const channel = values.id === undefined ? template.channel : template.channel.split(CHANNEL_ID_PLACEHOLDER).join(values.id);
  return { channel, encoding: template.encoding, payload };
}

/** True when filling the template adds a fresh message id. */
export function hasMessageId(template: PublishTemplate): boolean {
  return template.payload.includes(MESSAGE_ID_PLACEHOLDER);
}

/** The templates whose channel role fits `channel` (`{id}` matches one segment without a colon). */
export function templatesForChannel(channel: string, templates: readonly PublishTemplate[] = PUBLISH_TEMPLATES): PublishTemplate[] {
  return templates.filter((template) => {
    const parts = template.channel.split(CHANNEL_ID_PLACEHOLDER);
    if (parts.length === 1) return template.channel === channel;
    const [before = '', after = ''] = parts;
    if (parts.length > 2 || channel.length <= before.length + after.length) return false;
    if (!channel.startsWith(before) || !channel.endsWith(after)) return false;
    return !channel.slice(before.length, channel.length - after.length).includes(':');
  });
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
