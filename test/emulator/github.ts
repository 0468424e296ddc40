// A small emulator of the GitHub REST API's deployment endpoints: create and list deployments, add and
// list statuses (lists newest first, paged with per_page and page, as GitHub does).
// It checks the token, the repository and the fields as GitHub documents them, records every request,
// and can be told to answer an error or drop connections (GitHub down).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPlainObject, json, parseJson, readBody, sendReply } from './http.ts';
import type { Reply } from './http.ts';

/** The token the emulator accepts, standing for the workflow's GITHUB_TOKEN. */
export const GITHUB_TOKEN = 'ghs_demo0TokenForTheGitHubEmulator42';
/** The repository it serves (GITHUB_REPOSITORY in the end-to-end runs). */
export const GITHUB_REPOSITORY = 'acme/voice-agents';

const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'] as const;
const MAX_STATUS_DESCRIPTION = 140;
const DOCS = 'https://docs.github.com/rest/deployments';
/** GitHub's messages for the statuses a fault answers with. */
const FAULT_MESSAGES: Readonly<Record<number, string>> = {
  403: 'Resource not accessible by integration',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export interface GitHubRequest {
  readonly method: string;
  /** Path without the query, e.g. /repos/acme/voice-agents/deployments. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly json?: unknown;
}

export interface Deployment {
  readonly id: number;
  readonly ref: string;
  readonly environment: string;
  readonly task: string;
  readonly payload: unknown;
  readonly createdAt: string;
  readonly statuses: DeploymentStatus[];
}

export interface DeploymentStatus {
  readonly id: number;
  readonly state: string;
  readonly description: string;
  readonly environmentUrl?: string;
  readonly logUrl?: string;
}

export interface GitHubFault {
  /** Only requests whose path matches; default every request. */
  readonly path?: RegExp;
  /** Answer with this status (default 500), with GitHub's message for it unless `body` is given ... */
  readonly status?: number;
  readonly body?: object;
  /** ... or close the connection without an answer, as when GitHub is unreachable ... */
  readonly drop?: true;
  /** ... or never answer ... */
  readonly hang?: true;
  /** ... or answer 201 with a JSON body that never ends (a hostile API filling memory) ... */
  readonly endless?: true;
  /**
   * ... or answer as usual, late: this runs first. A test moves the step's virtual clock on by what
   * the answer took (a slow API), instead of waiting for it.
   */
  readonly late?: () => void;
}

export interface GitHubEmulator {
  /** http://127.0.0.1:PORT, the GITHUB_API_URL to use. */
  readonly origin: string;
  /** Every request received, in order. */
  readonly requests: GitHubRequest[];
  /** Deployments created, by id, with their statuses in order. */
  readonly deployments: Map<number, Deployment>;
  /** Every matching request until reset is answered by the fault instead. */
  fail(fault: GitHubFault): void;
  reset(): void;
  close(): Promise<void>;
}

function message(status: number, text: string): Reply {
  return json(status, { message: text, documentation_url: DOCS, status: String(status) });
}

function invalid(problem: string): Reply {
  return message(422, `Invalid request.\n\n${problem}`);
}

function hasToken(authorization: string | undefined): boolean {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1] === GITHUB_TOKEN;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined | Reply {
  const value = body[name];
  if (value === undefined) return undefined;
  return typeof value === 'string'
    ? value
    : invalid(`For 'properties/${name}', ${JSON.stringify(value)} is not a string.`);
}

/** A JSON answer whose body goes on until the client hangs up. */
function sendEndless(res: ServerResponse): void {
  res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
  const chunk = Buffer.from(`"${'x'.repeat(64 * 1024)}",`);
  res.write('{"id": 1, "padding": [');
  const more = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', more);
  };
  res.once('close', () => {
    res.removeAllListeners('drain');
  });
  more();
}

export async function startGitHubEmulator(): Promise<GitHubEmulator> {
  const requests: GitHubRequest[] = [];
  const deployments = new Map<number, Deployment>();
  const faults: GitHubFault[] = [];
  let nextId = 1_000_001;

  const createDeployment = (body: Record<string, unknown>, origin: string): Reply => {
    const { ref, task = 'deploy', environment = 'production', payload = {} } = body;
    if (typeof ref !== 'string' || ref === '') return invalid('"ref" wasn\'t supplied.');
    if (typeof task !== 'string' || typeof environment !== 'string')
      return invalid('"task" and "environment" must be strings.');
    if (body.auto_merge !== undefined && typeof body.auto_merge !== 'boolean')
      return invalid('"auto_merge" must be a boolean.');
    const contexts = body.required_contexts;
    if (contexts !== undefined && !(Array.isArray(contexts) && contexts.every((c) => typeof c === 'string')))
      return invalid('"required_contexts" must be an array of strings.');
    if (!isPlainObject(payload) && typeof payload !== 'string')
      return invalid('"payload" must be an object or a string.');
    const id = nextId++;
    const createdAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    deployments.set(id, { id, ref, environment, task, payload, createdAt, statuses: [] });
    const url = `${origin}/repos/${GITHUB_REPOSITORY}/deployments/${id}`;
    return json(201, { id, url, ref, sha: ref, task, payload, environment, statuses_url: `${url}/statuses` });
  };

  const createStatus = (deployment: Deployment, body: Record<string, unknown>): Reply => {
    const { state } = body;
    if (!STATES.some((known) => known === state))
      return invalid(`"state" must be one of ${STATES.join(', ')}.`);
    const fields = ['description', 'environment_url', 'log_url'].map((name) => optionalString(body, name));
    const bad = fields.find((field): field is Reply => typeof field === 'object');
    if (bad !== undefined) return bad;
    const [description = '', environmentUrl, logUrl] = fields as (string | undefined)[];
    if (description.length > MAX_STATUS_DESCRIPTION)
      return invalid(`"description" is longer than ${MAX_STATUS_DESCRIPTION} characters.`);
    const status: DeploymentStatus = {
      id: nextId++,
      state: String(state),
      description,
      ...(environmentUrl === undefined ? {} : { environmentUrl }),
      ...(logUrl === undefined ? {} : { logUrl }),
    };
    deployment.statuses.push(status);
    return json(201, {
      id: status.id,
      state: status.state,
      description,
      environment: deployment.environment,
      environment_url: environmentUrl ?? '',
      log_url: logUrl ?? '',
    });
  };

  /** One page of a list, newest first. */
  const page = <T>(items: readonly T[], query: Readonly<Record<string, string>>): T[] => {
    const perPage = Math.min(Number(query.per_page ?? '30') || 30, 100);
    const number = Math.max(Number(query.page ?? '1') || 1, 1);
    return items.toReversed().slice((number - 1) * perPage, number * perPage);
  };

  const listDeployments = (query: Readonly<Record<string, string>>): Reply => {
    const matching = [...deployments.values()].filter(
      (deployment) =>
        (query.environment === undefined || deployment.environment === query.environment) &&
        (query.task === undefined || deployment.task === query.task),
    );
    return json(
      200,
      page(matching, query).map(({ id, ref, task, payload, environment, createdAt }) => ({
        id,
        ref,
        sha: ref,
        task,
        payload,
        environment,
        created_at: createdAt,
      })),
    );
  };

  const listStatuses = (deployment: Deployment, query: Readonly<Record<string, string>>): Reply =>
    json(
      200,
      page(deployment.statuses, query).map((status) => ({
        id: status.id,
        state: status.state,
        description: status.description,
        environment: deployment.environment,
      })),
    );

  const route = (request: GitHubRequest, origin: string): Reply => {
    if (!hasToken(request.headers.authorization)) return message(401, 'Bad credentials');
    const match = /^\/repos\/([^/]+\/[^/]+)\/deployments(?:\/(\d+)\/statuses)?$/.exec(request.path);
    if (match === null || match[1] !== GITHUB_REPOSITORY) return message(404, 'Not Found');
    if (request.method === 'GET') {
      if (match[2] === undefined) return listDeployments(request.query);
      const listed = deployments.get(Number(match[2]));
      return listed === undefined ? message(404, 'Not Found') : listStatuses(listed, request.query);
    }
    if (request.method !== 'POST') return message(404, 'Not Found');
    if (!isPlainObject(request.json)) return message(400, 'Problems parsing JSON');
    if (match[2] === undefined) return createDeployment(request.json, origin);
    const deployment = deployments.get(Number(match[2]));
    return deployment === undefined ? message(404, 'Not Found') : createStatus(deployment, request.json);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(`http://github.invalid${req.url ?? '/'}`);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const parsed = parseJson(body);
      const request: GitHubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
        ...(parsed === undefined ? {} : { json: parsed }),
      };
      requests.push(request);
      const fault = faults.find((candidate) => candidate.path?.test(request.path) ?? true);
      if (fault?.drop === true) {
        req.socket.destroy();
        return;
      }
      if (fault?.hang === true) return;
      if (fault?.endless === true) {
        sendEndless(res);
        return;
      }
      if (fault?.late !== undefined) {
        fault.late();
        sendReply(res, route(request, origin));
        return;
      }
      if (fault !== undefined) {
        const status = fault.status ?? 500;
        const text = FAULT_MESSAGES[status] ?? 'Error';
        sendReply(res, fault.body === undefined ? message(status, text) : json(status, fault.body));
        return;
      }
      sendReply(res, route(request, origin));
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    deployments,
    fail: (fault) => {
      faults.push(fault);
    },
    reset: () => {
      requests.length = 0;
      deployments.clear();
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
