// The floor of one publish: Node, undici loaded as the action loads it (its public entry), one request,
// exit. The bench bundles it with the action's build (scripts/build.ts), so both pay the same to load
// the library. Usage: node <bundle> <url>, with the key in FLOOR_API_KEY; prints the status.
import { Agent, request } from 'undici';

const agent = new Agent();
const response = await request(process.argv[2] ?? '', {
  dispatcher: agent,
  method: 'GET',
  headers: { authorization: `Bearer ${process.env.FLOOR_API_KEY ?? ''}` },
});
await response.body.text();
await agent.close();
console.log(response.statusCode);
