import { intakeConfigSchema, loadConfig } from '../config.ts';
import { chatAdapter } from '../core/channels/chat.ts';
import { socialAdapter } from '../core/channels/social.ts';
import { wireChannelIntake } from './wire-channel.ts';

/** The chat and social intakes; mail has its own entry (email-handler.ts), the only one with a MIME parser. */
const ADAPTERS = { chat: chatAdapter, social: socialAdapter } as const;

function adapterFor(channel: string) {
  if (channel === 'chat' || channel === 'social') return ADAPTERS[channel];
  throw new Error(
    `invalid configuration: CHANNEL '${channel}' is not served by functions/intake/handler.ts (chat, social); ` +
      'the email intake is functions/intake/email-handler.ts',
  );
}

// Module scope: config, clients and logger are built once per cold start, not per invocation.
const config = loadConfig(intakeConfigSchema, process.env);
export const handler = wireChannelIntake(config, adapterFor(config.CHANNEL));
