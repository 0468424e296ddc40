// Retell: a version's configuration for the release diff. get-agent?version=N names the response engine
// (a Retell LLM or a conversation flow, each with its own version); get-retell-llm / get-conversation-flow
// ?version= give the prompt, model, tools, states and knowledge bases (retell-sdk llm.retrieve,
// conversationFlow.retrieve).
import type { HttpClient } from '../../http/client.ts';
import { encodePath } from '../../http/url.ts';
import { object, record, refine, type Decoder } from '../shared/decode.ts';
import { decodeAnswer, type JsonRecord } from '../shared/json.ts';
import type { ConfigCapability, ConfigSide, VersionRef } from '../types.ts';
import { allSettled } from '../../settle.ts';

/** Fields that change with every version without changing what callers hear. */
const VOLATILE = new Set([
  'agent_id',
  'version',
  'is_published',
  'base_version',
  'version_title',
  'version_description',
  'last_modification_timestamp',
  'llm_id',
  'conversation_flow_id',
  'response_engine',
]);

function without(record: JsonRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !VOLATILE.has(key)));
}

/** An agent version: every field, and its response engine, which must be an object. */
const AGENT_VERSION = refine(record, (agent) => ({
  agent,
  engine: object({ response_engine: record })(agent, 'response').response_engine,
}));

async function get<T>(http: HttpClient, path: string, version: unknown, decoder: Decoder<T>): Promise<T> {
  const query = typeof version === 'number' ? { version } : {};
  const request = { method: 'GET', path, query, idempotent: true } as const;
  const response = await http.request(request);
  return decodeAnswer(decoder, response.json, { provider: 'Retell', request });
}

/** The response engine's own configuration: the LLM or the flow at the version the agent version names. */
async function engineConfig(http: HttpClient, engine: JsonRecord): Promise<Record<string, unknown>> {
  if (engine.type === 'retell-llm' && typeof engine.llm_id === 'string')
    return {
      llm: without(await get(http, encodePath`/get-retell-llm/${engine.llm_id}`, engine.version, record)),
    };
  if (engine.type === 'conversation-flow' && typeof engine.conversation_flow_id === 'string') {
    const path = encodePath`/get-conversation-flow/${engine.conversation_flow_id}`;
    return { conversation_flow: without(await get(http, path, engine.version, record)) };
  }
  // A custom LLM is a websocket of the user's own: its address is the configuration.
  return { response_engine: engine };
}

async function readVersion(
  http: HttpClient,
  agentId: string,
  version: VersionRef | undefined,
): Promise<ConfigSide> {
  if (version?.number === undefined) return { label: 'nothing live', config: {} };
  const label = `version ${version.number}`;
  const path = encodePath`/get-agent/${agentId}`;
  const { agent, engine } = await get(http, path, Number(version.number), AGENT_VERSION);
  return { label, config: { ...without(agent), ...(await engineConfig(http, engine)) } };
}

export const retellConfigs: ConfigCapability = {
  sides: 'both',
  async read({ http, target }, plan) {
    // Both sides at once; the candidate's log lines wait for the live side's, so the log keeps one order.
    const held = http.heldLog();
    const [live, candidate] = await allSettled([
      readVersion(http, target.agentId, plan.live),
      readVersion(held.http, target.agentId, plan.next ?? plan.release),
    ]).finally(held.release);
    return { live, candidate };
  },
};
