// What the bench starts: the floors it compares with, and the action as the runner starts it.
import { readFile, rm } from 'node:fs/promises';
import type { Emulator } from '../test/emulator/server.ts';
import { KEYS, PUBLISHABLE, type ProviderName } from '../test/emulator/seed.ts';
import {
  actionEnv,
  COMMITTED_BUNDLE,
  createRunnerFiles,
  GITHUB_ENV,
  parseOutputFile,
} from '../test/support/run-action.ts';
import type { Launch, Run } from './measure.ts';

export interface BenchContext {
  /** The emulator answering after this latency: one per latency, started on first use. */
  emulator(latencyMs: number): Promise<Emulator>;
  /** bench/floor.ts, bundled like the action. */
  readonly floorBundle: string;
}

export interface Prepared {
  readonly launch: Launch;
  /** Throws unless the run did what it is meant to: timing a failure would measure the wrong thing. */
  check(run: Run): Promise<void>;
  cleanup(): Promise<void>;
}

/** One side of a comparison; prepare() does everything that must not be timed. */
export interface Subject {
  readonly label: string;
  prepare(context: BenchContext): Promise<Prepared>;
}

const BASE_ENV = { PATH: process.env.PATH ?? '' };

function exitedCleanly(run: Run): void {
  if (run.exitCode !== 0) throw new Error(`exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`);
}

function nodeEval(label: string, code: string): Subject {
  return {
    label,
    prepare: () =>
      Promise.resolve({
        launch: { args: ['-e', code], env: BASE_ENV },
        check: (run) => {
          exitedCleanly(run);
          return Promise.resolve();
        },
        cleanup: () => Promise.resolve(),
      }),
  };
}

export const bareNode = nodeEval('node -e 0', '0');

/** Node loading TLS, as every HTTPS client must: part of any such action's start-up. */
export const nodeWithTls = nodeEval('node + node:tls', "require('node:tls')");

/** Node, the undici the action bundles, one GET of an agent from the emulator, exit. */
export function undiciFloor(latencyMs = 0): Subject {
  return {
    label: 'undici, 1 request',
    prepare: async (context) => {
      const emulator = await context.emulator(latencyMs);
      const url = `${emulator.baseUrls.talkover}/api/v1/agents/${PUBLISHABLE.talkover}`;
      return {
        launch: { args: [context.floorBundle, url], env: { ...BASE_ENV, FLOOR_API_KEY: KEYS.talkover } },
        check: (run) => {
          exitedCleanly(run);
          if (run.stdout.trim() !== '200') throw new Error(`the floor's request answered ${run.stdout}`);
          return Promise.resolve();
        },
        cleanup: () => Promise.resolve(),
      };
    },
  };
}

export interface ActionCase {
  readonly provider: ProviderName;
  /** Inputs beyond provider, agent (the provider's publishable one), key and base-url. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The `status` output a correct run ends with. */
  readonly status: string;
  readonly latencyMs?: number;
  /** The run must fail (exit 1) before sending any request: the start-up path of a bad input. */
  readonly failsBeforeAnyRequest?: boolean;
}

/** dist/index.js as the runner starts it, against a freshly reset emulator. */
export function action(actionCase: ActionCase): Subject {
  const { provider } = actionCase;
  return {
    label: 'node dist/index.js',
    prepare: async (context) => {
      const emulator = await context.emulator(actionCase.latencyMs ?? 0);
      emulator.reset();
      const files = await createRunnerFiles();
      const inputs = {
        provider,
        'agent-id': PUBLISHABLE[provider],
        'api-key': KEYS[provider],
        'base-url': emulator.baseUrls[provider],
        ...actionCase.inputs,
      };
      return {
        launch: {
          args: [COMMITTED_BUNDLE],
          env: await actionEnv(inputs, { PATH: process.env.PATH ?? '', ...GITHUB_ENV }, files),
          cwd: files.dir,
        },
        check: async (run) => {
          if (actionCase.failsBeforeAnyRequest === true) {
            if (run.exitCode !== 1) throw new Error(`exit ${run.exitCode}, not 1\n${run.stdout}`);
            if (emulator.requests.length > 0) throw new Error(`${emulator.requests.length} requests sent`);
          } else exitedCleanly(run);
          const { status } = parseOutputFile(await readFile(files.outputFile, 'utf8'));
          if (status !== actionCase.status) throw new Error(`status ${status}, not ${actionCase.status}`);
        },
        cleanup: () => rm(files.dir, { recursive: true, force: true }),
      };
    },
  };
}
