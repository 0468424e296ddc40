// Versioned agent configurations the emulator serves for the release diff: each provider's version reads
// answer the "released" configuration (what the seed's published versions hold) or the "next" one (every
// newer version, draft or pending draft). Tool definitions carry credentials on purpose (a key in a header,
// a token in a URL, a key inside a nested tool, user info in a URL inside the prompt): no value of
// CONFIG_SECRETS may ever appear in a log, an output or a summary.

export type Revision = 'released' | 'next';

/** Credentials inside the configurations, by where they sit. */
export const CONFIG_SECRETS = {
  headerReleased: 'hdr-secret-released-7f3a9c2e41',
  headerNext: 'hdr-secret-next-0b8d6e5f12',
  urlTokenReleased: 'urltok-released-55aa9911cc',
  urlTokenNext: 'urltok-next-66bb0022dd',
  nestedKey: 'nested-apikey-3c4d5e6f70',
  userInfo: 'userinfo-pass-8e9f0a1b2c',
} as const;

const header = (revision: Revision) =>
  revision === 'released' ? CONFIG_SECRETS.headerReleased : CONFIG_SECRETS.headerNext;
const urlToken = (revision: Revision) =>
  revision === 'released' ? CONFIG_SECRETS.urlTokenReleased : CONFIG_SECRETS.urlTokenNext;

const PROMPT_RELEASED = [
  'You are the front desk of Acme Dental.',
  'Greet the caller and ask how you can help.',
  'Book, move or cancel appointments with the booking tool.',
  `If the caller asks for a price, read it from https://staff:${CONFIG_SECRETS.userInfo}@kb.example.com/prices?sig=${CONFIG_SECRETS.urlTokenReleased}.`,
  'Never give medical advice.',
  'Keep answers under two sentences.',
];

const PROMPT_NEXT = [
  'You are the front desk of Acme Dental.',
  'Greet the caller by name when the booking tool knows them.',
  'Book, move or cancel appointments with the booking tool.',
  `If the caller asks for a price, read it from https://staff:${CONFIG_SECRETS.userInfo}@kb.example.com/prices?sig=${CONFIG_SECRETS.urlTokenReleased}.`,
  'Never give medical advice.',
  'Transfer to a person when the caller asks for one twice.',
  'Keep answers under two sentences.',
];

export const prompt = (revision: Revision): string =>
  (revision === 'released' ? PROMPT_RELEASED : PROMPT_NEXT).join('\n');

/** A Retell LLM version's configuration (llm.retrieve), without its id and version fields. */
export function retellLlmConfig(revision: Revision): Record<string, unknown> {
  const next = revision === 'next';
  return {
    model: next ? 'gpt-4.1' : 'gpt-4o',
    model_temperature: 0.2,
    general_prompt: prompt(revision),
    begin_message: 'Hello, Acme Dental, how can I help?',
    general_tools: [
      { type: 'end_call', name: 'end_call', description: 'End the call when the caller is done.' },
      {
        type: 'custom',
        name: 'booking',
        description: 'Book, move or cancel an appointment.',
        url: `https://hooks.example.com/booking?token=${urlToken(revision)}`,
        headers: { Authorization: `Bearer ${header(revision)}` },
        query_params: { api_key: CONFIG_SECRETS.nestedKey },
        speak_during_execution: true,
        timeout_ms: next ? 8000 : 5000,
      },
      ...(next
        ? [
            {
              type: 'transfer_call',
              name: 'transfer_to_staff',
              description: 'Transfer to the front desk staff.',
            },
          ]
        : []),
    ],
    states: [
      { name: 'greeting', state_prompt: 'Find out what the caller needs.' },
      { name: 'booking', state_prompt: next ? 'Confirm date, time and name.' : 'Confirm date and time.' },
    ],
    knowledge_base_ids: next ? ['knowledge_base_faq', 'knowledge_base_prices'] : ['knowledge_base_faq'],
  };
}

/** A Retell conversation flow version's configuration (conversationFlow.retrieve). */
export function retellFlowConfig(revision: Revision): Record<string, unknown> {
  const next = revision === 'next';
  return {
    global_prompt: prompt(revision),
    model_choice: { type: 'cascading', model: next ? 'gpt-4.1' : 'gpt-4o' },
    start_node_id: 'start',
    nodes: [
      {
        id: 'start',
        name: 'Welcome',
        type: 'conversation',
        instruction: { type: 'prompt', text: 'Welcome the caller.' },
      },
      ...(next
        ? [
            {
              id: 'confirm',
              name: 'Confirm',
              type: 'conversation',
              instruction: { type: 'prompt', text: 'Repeat the booking.' },
            },
          ]
        : []),
      { id: 'end', name: 'Goodbye', type: 'end' },
    ],
    tools: [
      {
        type: 'custom',
        name: 'booking',
        tool_id: 'tool_booking',
        url: `https://hooks.example.com/booking?token=${urlToken(revision)}`,
        headers: { Authorization: `Bearer ${header(revision)}` },
      },
    ],
    knowledge_base_ids: ['knowledge_base_faq'],
  };
}

/** The agent-level fields of a Retell version (get-agent). */
export function retellAgentFields(revision: Revision, voiceId: string): Record<string, unknown> {
  return { voice_id: revision === 'next' ? '11labs-Myra' : voiceId, language: 'en-US' };
}

/** A Diga version's configuration fields (get agent by id). */
export function digaConfig(revision: Revision): Record<string, unknown> {
  const next = revision === 'next';
  return {
    prompt: prompt(revision),
    greeting: next ? 'Hola, gracias por llamar. ¿En qué puedo ayudarle?' : 'Hola, ¿en qué puedo ayudarle?',
    voice: next ? 'es-ES-Elvira' : 'es-ES-Alvaro',
    knowledge_base_ids: next ? ['kb-menu', 'kb-hours'] : ['kb-menu'],
    call_tools: [
      {
        name: 'reserve_table',
        url: `https://hooks.example.com/reserve?token=${urlToken(revision)}`,
        headers: { 'X-Api-Key': header(revision) },
        body: { auth: { api_key: CONFIG_SECRETS.nestedKey }, party_size_max: next ? 12 : 8 },
      },
    ],
    integrations: [],
    conversational_path_id: null,
  };
}

/** An ElevenLabs version's conversation_config (agents.get). */
export function elevenLabsConfig(revision: Revision): Record<string, unknown> {
  const next = revision === 'next';
  return {
    agent: {
      first_message: next ? 'Hi, this is the concierge. How can I help today?' : 'Hi, how can I help?',
      language: 'en',
      prompt: {
        prompt: prompt(revision),
        llm: next ? 'gemini-2.5-flash' : 'gpt-4o-mini',
        temperature: 0.3,
        tools: [
          {
            type: 'webhook',
            name: 'booking',
            description: 'Book, move or cancel an appointment.',
            api_schema: {
              url: `https://hooks.example.com/booking?token=${urlToken(revision)}`,
              method: 'POST',
              request_headers: { Authorization: `Bearer ${header(revision)}` },
              query_params_schema: {
                properties: { api_key: { type: 'string', constant_value: CONFIG_SECRETS.nestedKey } },
              },
            },
          },
        ],
        knowledge_base: [
          { type: 'file', name: 'FAQ', id: 'kb_faq' },
          ...(next ? [{ type: 'url', name: 'Prices', id: 'kb_prices' }] : []),
        ],
      },
    },
    tts: { voice_id: next ? 'cjVigY5qzO86Huf0OWal' : '21m00Tcm4TlvDq8ikWAM', model_id: 'eleven_flash_v2_5' },
  };
}
