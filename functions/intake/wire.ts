import type { IntakeConfig } from '../config.ts';
import type { ChannelAdapter } from '../core/channels/adapter.ts';
import { chatAdapter } from '../core/channels/chat.ts';
import { socialAdapter } from '../core/channels/social.ts';
import type { SqsHandler } from '../shared/sqs-batch.ts';
import { emailIntakeAdapter } from './email-adapter.ts';
import { type IntakeOverrides, wireChannelIntake } from './wire-channel.ts';

export type { IntakeOverrides } from './wire-channel.ts';

function adapterFor(config: IntakeConfig): ChannelAdapter {
  if (config.CHANNEL === 'email') return emailIntakeAdapter(config);
  return config.CHANNEL === 'chat' ? chatAdapter : socialAdapter;
}

/**
 * The intake of any channel from validated config: used by the local stack and the bench. The Lambda
 * entries (handler.ts for chat and social, email-handler.ts) wire only their own adapter.
 */
export function wireIntake(config: IntakeConfig, overrides: IntakeOverrides = {}): SqsHandler {
  return wireChannelIntake(config, adapterFor(config), overrides);
}
