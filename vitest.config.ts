import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The end-to-end tests run a bundle built from src/ by this setup, never the committed dist/.
    globalSetup: ['test/support/fresh-bundle.ts'],
  },
});
