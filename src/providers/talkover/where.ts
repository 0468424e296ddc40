// Where a Talkover agent's calls go after a publish: each of the agent's phone numbers serves its one
// configuration, live while the agent is published. Talkover keeps no versions, so a number serves
// "published" or "draft" (not answering calls as released).
import { encodePath } from '../../http/url.ts';
import { array, object, optional, string, withDefault } from '../shared/decode.ts';
import { decodeAnswer } from '../shared/json.ts';
import type { WhereCapability } from '../types.ts';

const AGENT_NUMBERS = object({
  data: object({
    current_status: string,
    phone_numbers: withDefault(array(object({ number: optional(string), id: string })), []),
  }),
});

export const talkoverWhere: WhereCapability = {
  async read({ http, target }) {
    const request = {
      method: 'GET',
      path: encodePath`/api/v1/agents/${target.agentId}`,
      idempotent: true,
    } as const;
    const response = await http.request(request);
    const { data } = decodeAnswer(AGENT_NUMBERS, response.json, { provider: 'Talkover', request });
    return data.phone_numbers.map((phone) => ({
      target: phone.number ?? phone.id,
      serves: [{ version: data.current_status, weight: '1' }],
      servesRelease: data.current_status === 'published',
      // One configuration for every number: a publish asks all of them to serve it.
      asked: true,
    }));
  },
};
