import type { Identity } from './contact.ts';

/** Identity keys in the order that best identifies a person: an e-mail beats a social handle. */
export function identityKeys(identity: Identity): string[] {
  const out: string[] = [];
  if (identity.email) out.push(`email:${identity.email.toLowerCase()}`);
  if (identity.accountId) out.push(`account:${identity.accountId}`);
  if (identity.phone) out.push(`phone:${identity.phone.replace(/[^\d+]/g, '')}`);
  if (identity.handle) out.push(`handle:${identity.handle.toLowerCase()}`);
  return out;
}
