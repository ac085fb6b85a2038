/**
 * Masks secrets customers paste into messages before anything is stored or put in a brief: payment
 * card numbers (13–19 digits, Luhn-valid, with spaces or dashes) keep only their last four digits,
 * and the value after "password"/"passcode"/"PIN" is replaced. Linear scans, bounded input.
 */
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
const SECRET_AFTER_LABEL = /\b(password|passcode|passwd|pwd|pin|cvv|cvc)(\s*(?:is|:|=)\s*)(\S{3,64})/gi;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export interface Redaction {
  readonly text: string;
  readonly masked: { readonly cards: number; readonly secrets: number };
}

export function redactSecrets(text: string): Redaction {
  let cards = 0;
  let secrets = 0;
  const withoutCards = text.replace(CARD_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return match;
    cards++;
    return `[card •••• ${digits.slice(-4)}]`;
  });
  const masked = withoutCards.replace(SECRET_AFTER_LABEL, (_m, label: string, sep: string) => {
    secrets++;
    return `${label}${sep}[redacted]`;
  });
  return { text: masked, masked: { cards, secrets } };
}
