import { defineConfig } from '@playwright/test';

// Browser tests of the portal, driven by Debian's Chromium (Playwright's own
// browser download cannot work on our machines). See test/e2e/.
const chromiumPath = process.env.LAUNCHPAD_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/playwright.json' }],
  ],
  outputDir: 'test-results/playwright-artifacts',
  webServer: {
    // A throwaway SQLite folder, so the tests never touch the developer's .data/sqlite.
    command:
      'yarn start --config ../../app-config.yaml --config ../../test/e2e/app-config.e2e.yaml',
    // `yarn start` serves both; the backend's readiness is the later of the
    // two, and the dev server holds page requests until its bundle is built.
    url: 'http://localhost:7007/.backstage/health/v1/readiness',
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: 'http://localhost:3000',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
