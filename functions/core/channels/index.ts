import type { Channel } from '../contact.ts';
import type { ChannelAdapter } from './adapter.ts';
import { chatAdapter } from './chat.ts';
import { createEmailAdapter, type EmailAdapterOptions, emailAdapter } from './email.ts';
import { socialAdapter } from './social.ts';

/** The adapters with no outside dependencies: everything except mail that SES stored in S3. */
export const ADAPTERS: Record<Channel, ChannelAdapter> = {
  email: emailAdapter,
  chat: chatAdapter,
  social: socialAdapter,
};

/** The adapters an intake function uses: the email one reads SES's raw mail through the given store. */
export function createAdapters(email: EmailAdapterOptions): Record<Channel, ChannelAdapter> {
  return { ...ADAPTERS, email: createEmailAdapter(email) };
}
