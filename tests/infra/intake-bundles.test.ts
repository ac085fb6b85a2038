import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptionsFor } from '../../bench/lib/esbuild-options.ts';
import { PIPELINE_BUNDLING } from '../../infra/constructs/pipeline-function.ts';
import { EMAIL_INTAKE_ENTRY } from '../../infra/stacks/pipeline-stack.ts';
import { buildFlashpoint } from './app-fixture.ts';

/**
 * What each intake Lambda carries (issue #8: every bundle ≤ 500 KB). Built with the options CDK uses
 * (PIPELINE_BUNDLING), in memory, and read from esbuild's metafile: which files the bundle holds.
 */
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHAT_AND_SOCIAL_ENTRY = 'functions/intake/handler.ts';

let scratch: string;

async function bundle(entry: string): Promise<{ inputs: string[]; code: Uint8Array }> {
  const options = esbuildOptionsFor(PIPELINE_BUNDLING, {
    projectRoot: PROJECT_ROOT,
    entry,
    outdir: join(scratch, entry.replace(/\W+/g, '-')),
    runtimeTarget: 'node22',
  });
  const result = await build({ ...options, write: false, metafile: true, logLevel: 'silent' });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const code = result.outputFiles.find((f) => f.path === options.outfile)?.contents;
  if (!output || !code) throw new Error(`esbuild produced no bundle for ${entry}`);
  return { inputs: Object.keys((output as Metafile['outputs'][string]).inputs), code };
}

const fromPackage = (inputs: string[], name: string) =>
  inputs.filter((path) => path.includes(`node_modules/${name}/`));

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flashpoint-intake-bundles-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('intake entries', () => {
  it('deploys the email intake from its own entry and chat and social from the shared one', () => {
    // Arrange: SES receiving on, so the email intake reads raw mail from S3 (its heaviest configuration)
    const { pipeline } = buildFlashpoint({
      context: { 'flashpoint:emailRecipients': 'support.example.com' },
    });

    // Act
    const entries = {
      email: pipeline.queues.emailIntake.requireConsumer().entry,
      chat: pipeline.queues.chatIntake.requireConsumer().entry,
      social: pipeline.queues.socialIntake.requireConsumer().entry,
    };

    // Assess
    expect(entries).toEqual({
      email: EMAIL_INTAKE_ENTRY,
      chat: CHAT_AND_SOCIAL_ENTRY,
      social: CHAT_AND_SOCIAL_ENTRY,
    });
  });

  it('bundles neither the MIME parser nor the S3 client into the chat and social intake', async () => {
    const { inputs } = await bundle(CHAT_AND_SOCIAL_ENTRY);

    expect(fromPackage(inputs, 'postal-mime')).toEqual([]);
    expect(fromPackage(inputs, '@aws-sdk/client-s3')).toEqual([]);
    expect(inputs).not.toContain('functions/core/channels/email.ts');
    expect(inputs).toContain('functions/core/channels/chat.ts');
    expect(inputs).toContain('functions/core/channels/social.ts');
  });

  it('bundles both into the email intake, which alone reads SES mail', async () => {
    const { inputs } = await bundle(EMAIL_INTAKE_ENTRY);

    expect(fromPackage(inputs, 'postal-mime')).not.toEqual([]);
    expect(fromPackage(inputs, '@aws-sdk/client-s3')).not.toEqual([]);
    expect(inputs).not.toContain('functions/core/channels/chat.ts');
  });

  it.each([CHAT_AND_SOCIAL_ENTRY, EMAIL_INTAKE_ENTRY])(
    'builds every schema %s reaches with zod/mini: no classic zod, no schema compiler',
    async (entry) => {
      const { inputs } = await bundle(entry);

      expect(fromPackage(inputs, 'zod').filter((path) => path.includes('/v4/classic/'))).toEqual([]);
      expect(inputs).not.toContain('node_modules/zod/v4/core/compile.js');
      expect(inputs).toContain('node_modules/zod/v4/mini/schemas.js');
    },
  );
});

describe('zod/mini in a bundle without classic zod', () => {
  it('words a refused payload in English, as the classic API did', async () => {
    // Arrange: the chat adapter alone, bundled like a Lambda, run by a fresh node (nothing else loads a locale)
    const probe = join(scratch, 'probe.ts');
    writeFileSync(
      probe,
      [
        `import { chatAdapter } from ${JSON.stringify(join(PROJECT_ROOT, 'functions/core/channels/chat.ts'))};`,
        `const body = JSON.stringify({ conversationId: 7, customer: { email: 'sam@example.com' }, turns: [] });`,
        `await chatAdapter.toContact(body, { receivedAt: '2026-11-20T10:00:00Z' }).catch((e) => console.log(e.message));`,
      ].join('\n'),
    );
    const { code } = await bundle(probe);
    const bundled = join(scratch, 'probe.mjs');
    writeFileSync(bundled, code);

    // Act
    const printed = execFileSync(process.execPath, [bundled], { encoding: 'utf8', cwd: PROJECT_ROOT });

    // Assess
    expect(printed.trim()).toBe(
      "invalid_field: chat payload field 'conversationId': Invalid input: expected string, received number",
    );
  });
});
