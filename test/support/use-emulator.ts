// One emulator per test file, reset to its seed before every test. The returned object stands for
// the running emulator, so tests use it like the real one: `emulator.requests`, `emulator.state`.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startGitHubEmulator, type GitHubEmulator } from '../emulator/github.ts';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.ts';

interface Resettable {
  reset(): void;
  close(): Promise<void>;
}

function useRunning<T extends Resettable>(start: () => Promise<T>): T {
  let running: T | undefined;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    running?.reset();
  });
  return new Proxy({} as T, {
    get(_target, property) {
      if (running === undefined) throw new Error('the emulator is used outside a test');
      const value: unknown = Reflect.get(running, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(running) : value;
    },
  });
}

/** The provider APIs. */
export function useEmulator(options: EmulatorOptions = {}): Emulator {
  return useRunning(() => startEmulator(options));
}

/** The GitHub deployments API. */
export function useGitHubEmulator(): GitHubEmulator {
  return useRunning(startGitHubEmulator);
}
