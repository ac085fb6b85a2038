import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: {
      // Metrics are asserted through behaviour, not EMF lines on stdout.
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/handler/**/*.test.ts', 'tests/infra/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // One local stack (Java DynamoDB + fauxqs) per file; files in sequence so two JVMs never compete for 2 cores.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // Builds web/dist once, and fails at once when no Chromium is installed.
          globalSetup: ['tests/browser/global-setup.ts'],
          // Chromium beside a local stack: one file at a time, and after the other projects (groupOrder),
          // so it never competes with the integration tier's JVMs for 2 cores.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
