/**
 * The default mapping (LAB_TRAFFIC.md's agent channels) and the mapping
 * compiled into field readers, checked once when it is set so a message
 * never meets a broken path.
 */
import type { AgentMapping } from '../../shared/features/agentsContract';
import { fail, ok, type Result } from '../../shared/result';
import { compileFieldReader, type FieldReader } from './agentFieldReader';

export const DEFAULT_STALE_AFTER_MS = 30_000;
export const DEFAULT_TASK_STALE_AFTER_MS = 120_000;

export function defaultAgentMapping(): AgentMapping {
  return {
    statusSources: [
      {
        channel: 'agents:status',
        idPath: 'data.agent_id',
        namePath: 'data.name',
        statusPath: 'data.status',
        loadPath: 'data.load',
        timePath: 'timestamp',
        errorPath: 'data.last_error',
      },
      {
        channel: 'agent:status',
        idPath: 'payload.agentId',
        namePath: 'payload.name',
        statusPath: 'payload.status',
        loadPath: 'payload.load',
        timePath: 'payload.timestamp',
        errorPath: 'payload.error',
      },
    ],
    routing: {
      channel: 'task:routing',
      taskPath: 'payload.taskId',
      agentIdPath: 'payload.agent.id',
      agentNamePath: 'payload.agent.name',
      reasonPath: 'payload.reason',
      scorePath: 'payload.complexityScore.d_var',
      timePath: 'payload.timestamp',
    },
    tasks: { channel: 'task_updates', idPath: 'task_id', statusPath: 'status', messagePath: 'message', progressPath: 'progress' },
    staleAfterMs: DEFAULT_STALE_AFTER_MS,
    taskStaleAfterMs: DEFAULT_TASK_STALE_AFTER_MS,
  };
}

export interface StatusReaders {
  channel: string;
  id: FieldReader;
  name: FieldReader;
  status: FieldReader;
  load: FieldReader;
  time: FieldReader;
  error: FieldReader;
}

export interface CompiledMapping {
  mapping: AgentMapping;
  statusSources: StatusReaders[];
  routing: { channel: string; task: FieldReader; agentId: FieldReader; agentName: FieldReader; reason: FieldReader; score: FieldReader };
  tasks: { channel: string; id: FieldReader; status: FieldReader; message: FieldReader; progress: FieldReader };
}

/** Every path compiled; the first broken one is an INVALID result naming its field. Channels must differ (one role each). */
export function compileMapping(mapping: AgentMapping): Result<CompiledMapping> {
  const readers = new Map<string, FieldReader>();
  const compile = (path: string, field: string): Result<FieldReader> => {
    const reader = compileFieldReader(path, field);
    if (reader.ok) readers.set(field, reader.value);
    return reader;
  };
  const fields: Array<[string, string]> = [];
  mapping.statusSources.forEach((source, index) => {
    const prefix = `statusSources[${index}]`;
    fields.push([source.idPath, `${prefix}.idPath`], [source.namePath, `${prefix}.namePath`], [source.statusPath, `${prefix}.statusPath`]);
    fields.push([source.loadPath, `${prefix}.loadPath`], [source.timePath, `${prefix}.timePath`], [source.errorPath, `${prefix}.errorPath`]);
  });
  const { routing, tasks } = mapping;
  fields.push([routing.taskPath, 'routing.taskPath'], [routing.agentIdPath, 'routing.agentIdPath'], [routing.agentNamePath, 'routing.agentNamePath']);
  fields.push([routing.reasonPath, 'routing.reasonPath'], [routing.scorePath, 'routing.scorePath']);
  fields.push([tasks.idPath, 'tasks.idPath'], [tasks.statusPath, 'tasks.statusPath'], [tasks.messagePath, 'tasks.messagePath'], [tasks.progressPath, 'tasks.progressPath']);
  for (const [path, field] of fields) {
    const compiled = compile(path, field);
    if (!compiled.ok) return compiled;
  }
  const duplicate = findDuplicateChannel(mapping);
  if (duplicate !== null) return invalidChannel(duplicate);
  const missingId = mapping.statusSources.findIndex((source) => source.channel.trim() !== '' && source.idPath.trim() === '');
  if (missingId >= 0) {
    const channel = mapping.statusSources[missingId]!.channel;
    return fail('INVALID', `Say which field holds the agent id on ${channel}.`, { field: `statusSources[${missingId}].idPath` });
  }
  const reader = (field: string): FieldReader => readers.get(field)!;
  return ok({
    mapping,
    statusSources: mapping.statusSources
      .map((source, index) => ({ source, prefix: `statusSources[${index}]` }))
      .filter(({ source }) => source.channel.trim() !== '')
      .map(({ source, prefix }) => ({
        channel: source.channel.trim(),
        id: reader(`${prefix}.idPath`),
        name: reader(`${prefix}.namePath`),
        status: reader(`${prefix}.statusPath`),
        load: reader(`${prefix}.loadPath`),
        time: reader(`${prefix}.timePath`),
        error: reader(`${prefix}.errorPath`),
      })),
    routing: {
      channel: routing.channel.trim(),
      task: reader('routing.taskPath'),
      agentId: reader('routing.agentIdPath'),
      agentName: reader('routing.agentNamePath'),
      reason: reader('routing.reasonPath'),
      score: reader('routing.scorePath'),
    },
    tasks: {
      channel: tasks.channel.trim(),
      id: reader('tasks.idPath'),
      status: reader('tasks.statusPath'),
      message: reader('tasks.messagePath'),
      progress: reader('tasks.progressPath'),
    },
  });
}

function findDuplicateChannel(mapping: AgentMapping): string | null {
  const seen = new Set<string>();
  const channels = [...mapping.statusSources.map((source) => source.channel), mapping.routing.channel, mapping.tasks.channel];
  for (const channel of channels.map((name) => name.trim()).filter((name) => name !== '')) {
    if (seen.has(channel)) return channel;
    seen.add(channel);
  }
  return null;
}

function invalidChannel(channel: string): Result<never> {
  return fail('INVALID', `The channel ${channel} is named twice; give each channel one role.`, { field: 'channel' });
}

/** A stored mapping passed compileMapping when it was set; should one fail anyway, the board runs on the defaults. */
export function compileMappingOrDefaults(mapping: AgentMapping): CompiledMapping {
  const compiled = compileMapping(mapping);
  if (compiled.ok) return compiled.value;
  const defaults = compileMapping(defaultAgentMapping());
  // The defaults are constants covered by tests: failing here is a programming error.
  if (!defaults.ok) throw new Error(`The default agent mapping does not compile: ${defaults.error.message}`);
  return defaults.value;
}
