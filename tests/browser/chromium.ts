import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it): playwright-core downloads nothing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  constructor(path: string) {
    super(
      `No Chromium at ${path}. The browser tests drive Debian's Chromium through playwright-core: ` +
        'install it with `apt-get install -y chromium` (.ci/run does this) or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
}

export function assertChromium(path = CHROMIUM_PATH): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ChromiumMissingError(path);
  }
}

export async function launchChromium(): Promise<Browser> {
  assertChromium();
  // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}
