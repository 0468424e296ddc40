// useEndToEnd (e2e.ts) with the action run in this process (run-in-process.ts): one emulator per
// file, every request checked against the provider's OpenAPI description, no build.
import { useEndToEnd } from './e2e.ts';
import { runInProcess } from './run-in-process.ts';

export function useInProcess() {
  return useEndToEnd(runInProcess);
}
