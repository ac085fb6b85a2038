/**
 * How the inbox names a customer: their display name, else a masked handle or account number, else a
 * short form of the customer id. E-mail addresses and phone numbers are never shown, not even masked:
 * the inbox lists many customers at once and a list row is easy to screenshot.
 */
const LOOKS_LIKE_EMAIL = /@[^\s@]+\.[^\s@]+/;
const LOOKS_LIKE_PHONE = /^[\s\d()+.-]{5,}$/;
const NAME_LIMIT = 80;

export interface LabelSource {
  readonly customerId: string;
  readonly name?: string | undefined;
  readonly keys?: Readonly<Record<string, string>> | undefined;
}

export function customerLabel(c: LabelSource): string {
  const name = c.name?.replace(/\s+/g, ' ').trim();
  if (name && !LOOKS_LIKE_EMAIL.test(name) && !LOOKS_LIKE_PHONE.test(name)) {
    return name.length > NAME_LIMIT ? `${name.slice(0, NAME_LIMIT - 1)}…` : name;
  }
  const handle = c.keys?.handle?.trim();
  if (handle) {
    const chars = Array.from(handle);
    return `${chars.slice(0, Math.min(3, Math.ceil(chars.length / 2))).join('')}•••`;
  }
  const account = c.keys?.accountId?.trim();
  if (account) return `account •••${account.slice(-4)}`;
  return `customer ${c.customerId.slice(-6)}`;
}
