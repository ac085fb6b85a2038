/**
 * Identity hints in the customer's text: phone numbers and order/account references, so a mail can be
 * joined to the customer's history even from a new address. Every quantifier below is bounded
 * ({m,n}), so each start position costs a constant number of steps and a scan is linear in the text.
 */

export interface IdentityHints {
  phones: string[];
  accountIds: string[];
}

/** More hints than this in one mail is a list, not a customer describing themselves. */
const MAX_HINTS = 20;

// "order #A-12345", "account 998877", "my account number is 998877", "invoice no. 55-1234", "ref: AB12CD".
const ACCOUNT_ID =
  /\b(?:order|account|acct|invoice|ticket|booking|reservation|customer|reference|ref)(?:[ \t]{1,3}(?:no\.?|nr\.?|number|num|id))?(?:[ \t]{1,3}(?:is|was))?[ \t]{0,3}[:#.]?[ \t]{0,3}#?[ \t]{0,2}([A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?)\b/gi;

// "+44 20 7946 0958", "(555) 123-4567", "0044 20 7946 0958", "555.123.4567"; not inside a word or an id.
const PHONE = /(?<![\w+#/-])(?:\+|\()?\d[\d ().-]{5,18}\d(?![\w-])/g;

const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;

function digitCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) count++;
  }
  return count;
}

function digitsOnly(text: string): string {
  let digits = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits += text.charAt(i);
  }
  return digits;
}

export function findIdentityHints(text: string): IdentityHints {
  const accountIds: string[] = [];
  for (const match of text.matchAll(ACCOUNT_ID)) {
    const id = match[1]?.toUpperCase();
    if (!id || id.length < 4 || digitCount(id) === 0 || accountIds.includes(id)) continue;
    accountIds.push(id);
    if (accountIds.length >= MAX_HINTS) break;
  }
  const accountDigits = new Set(accountIds.map(digitsOnly));

  const phones: string[] = [];
  for (const match of text.matchAll(PHONE)) {
    const raw = match[0].trim();
    const digits = digitsOnly(raw);
    // E.164 allows at most 15 digits; fewer than 7 is an extension or a count
    if (digits.length < 7 || digits.length > 15 || DATE_LIKE.test(raw) || accountDigits.has(digits)) continue;
    const phone = raw.startsWith('+') ? `+${digits}` : digits;
    if (phones.includes(phone)) continue;
    phones.push(phone);
    if (phones.length >= MAX_HINTS) break;
  }
  return { phones, accountIds };
}
