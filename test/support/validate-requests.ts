// After each test, every request the action sent must match the provider's OpenAPI description.
import { afterEach, expect } from 'vitest';
import type { Emulator } from '../emulator/server.ts';
import { validateRequest } from './openapi.ts';

export function validateEveryRequest(emulator: Emulator): void {
  afterEach(async () => {
    for (const request of emulator.requests) {
      expect(
        await validateRequest(request.provider, request),
        `${request.method} ${request.rawPath}`,
      ).toEqual([]);
    }
  });
}
