// One emulator per test file, reset to its seed before every test. The returned object stands for
// the running emulator, so tests use it like the real one: `emulator.requests`, `emulator.state`.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.ts';

export function useEmulator(options: EmulatorOptions = {}): Emulator {
  let running: Emulator | undefined;
  beforeAll(async () => {
    running = await startEmulator(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    running?.reset();
  });
  return new Proxy({} as Emulator, {
    get(_target, property) {
      if (running === undefined) throw new Error('the emulator is used outside a test');
      const value: unknown = Reflect.get(running, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(running) : value;
    },
  });
}
