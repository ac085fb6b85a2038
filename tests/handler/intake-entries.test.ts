import { afterEach, describe, expect, it, vi } from 'vitest';
import { intakeConfigSchema, loadConfig } from '../../functions/config.ts';
import { socialAdapter } from '../../functions/core/channels/social.ts';
import { wireChannelIntake } from '../../functions/intake/wire-channel.ts';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/flashpoint-test';

/** The Lambda entries read process.env at import: each test imports a fresh copy with its own variables. */
function environment(channel: string) {
  vi.stubEnv('CHANNEL', channel);
  vi.stubEnv('CONTACTS_QUEUE_URL', QUEUE);
  vi.stubEnv('DEAD_LETTER_QUEUE_URL', QUEUE);
  vi.resetModules();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('intake Lambda entries', () => {
  it('starts the chat and social entry for chat, with a handler to export', async () => {
    environment('chat');
    const entry = await import('../../functions/intake/handler.ts');
    expect(typeof entry.handler).toBe('function');
  });

  it('refuses to start the chat and social entry as the email intake, naming the entry that is', async () => {
    environment('email');
    await expect(import('../../functions/intake/handler.ts')).rejects.toThrow(
      "invalid configuration: CHANNEL 'email' is not served by functions/intake/handler.ts (chat, social); " +
        'the email intake is functions/intake/email-handler.ts',
    );
  });

  it('refuses to start the email entry for another channel', async () => {
    environment('social');
    await expect(import('../../functions/intake/email-handler.ts')).rejects.toThrow(
      "intake for channel 'social' was given the email adapter",
    );
  });

  it('refuses an adapter of another channel than the configured one', () => {
    const config = loadConfig(intakeConfigSchema, {
      CHANNEL: 'chat',
      CONTACTS_QUEUE_URL: QUEUE,
      DEAD_LETTER_QUEUE_URL: QUEUE,
    });
    expect(() => wireChannelIntake(config, socialAdapter)).toThrow(
      "intake for channel 'chat' was given the social adapter",
    );
  });
});
