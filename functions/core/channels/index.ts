import type { Channel } from '../contact.ts';
import type { ChannelAdapter } from './adapter.ts';
import { chatAdapter } from './chat.ts';
import { emailAdapter } from './email.ts';
import { socialAdapter } from './social.ts';

export const ADAPTERS: Record<Channel, ChannelAdapter> = {
  email: emailAdapter,
  chat: chatAdapter,
  social: socialAdapter,
};
