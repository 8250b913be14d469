/**
 * The board mappings of every profile, in `<dataDir>/agent-mappings.json`
 * (mode 0600, written atomically). A profile without an entry uses the
 * defaults. A file that is not ours is moved aside, never overwritten, so a
 * hand edit gone wrong can be recovered.
 */
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_MAPPING_CHECK, type AgentMapping } from '../../shared/features/agentsContract';
import { writePrivateFileAtomically } from '../secrets/privateFile';
import { defaultAgentMapping } from './agentMapping';

export const AGENT_MAPPINGS_FILE_NAME = 'agent-mappings.json';
const FILE_FORMAT = 'labwire-agent-mappings';
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export class AgentMappingStore {
  private mappings: Map<string, AgentMapping> | undefined;
  private loading: Promise<Map<string, AgentMapping>> | undefined;
  /** Saves run one after another so a slow write never lands after a later one. */
  private writing: Promise<void> = Promise.resolve();
  /** What was wrong with the file, in words, if anything. */
  problem: string | null = null;

  constructor(private readonly dataDir: string) {}

  private get path(): string {
    return join(this.dataDir, AGENT_MAPPINGS_FILE_NAME);
  }

  async get(profileId: string): Promise<AgentMapping> {
    const mappings = await this.load();
    return mappings.get(profileId) ?? defaultAgentMapping();
  }

  async set(profileId: string, mapping: AgentMapping): Promise<void> {
    const mappings = await this.load();
    mappings.set(profileId, mapping);
    await this.save(mappings);
  }

  async reset(profileId: string): Promise<AgentMapping> {
    const mappings = await this.load();
    if (mappings.delete(profileId)) await this.save(mappings);
    return defaultAgentMapping();
  }

  private async save(mappings: Map<string, AgentMapping>): Promise<void> {
    const text = JSON.stringify({ format: FILE_FORMAT, version: 1, profiles: Object.fromEntries(mappings) }, null, 2);
    const write = this.writing.then(() => writePrivateFileAtomically(this.path, text));
    this.writing = write.catch(() => undefined);
    await write;
  }

  private load(): Promise<Map<string, AgentMapping>> {
    if (this.mappings) return Promise.resolve(this.mappings);
    this.loading ??= this.read().then((mappings) => (this.mappings = mappings));
    return this.loading;
  }

  private async read(): Promise<Map<string, AgentMapping>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return new Map();
    }
    const mappings = parseMappings(text);
    if (typeof mappings !== 'string') return mappings;
    const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, aside).catch(() => undefined);
    this.problem = `The agent board settings could not be read (${mappings}); the defaults apply, and the file was moved to ${aside}.`;
    return new Map();
  }
}

function parseMappings(text: string): Map<string, AgentMapping> | string {
  if (text.length > MAX_FILE_BYTES) return 'the file is too large';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as Record<string, unknown>).format !== FILE_FORMAT) return 'it is not a Labwire agent mappings file';
  const profiles = (parsed as Record<string, unknown>).profiles;
  if (typeof profiles !== 'object' || profiles === null) return 'it lists no profiles';
  const mappings = new Map<string, AgentMapping>();
  for (const [profileId, mapping] of Object.entries(profiles)) {
    const problem = AGENT_MAPPING_CHECK(mapping, `profiles.${profileId}`);
    if (problem !== null) return problem;
    mappings.set(profileId, mapping as AgentMapping);
  }
  return mappings;
}
