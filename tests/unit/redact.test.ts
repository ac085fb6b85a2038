import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../functions/core/redact.ts';

describe('redactSecrets', () => {
  it('masks a Luhn-valid card number written with spaces or dashes, keeping the last four digits', () => {
    const r = redactSecrets('Charged twice on 4111 1111 1111 1111 and 5500-0000-0000-0004!');
    expect(r.text).toBe('Charged twice on [card •••• 1111] and [card •••• 0004]!');
    expect(r.masked.cards).toBe(2);
  });

  it('leaves order numbers and phone numbers that are not card numbers alone', () => {
    const text = 'Order 1234567890123 (not Luhn) and phone +44 7700 900123.';
    expect(redactSecrets(text)).toEqual({ text, masked: { cards: 0, secrets: 0 } });
  });

  it('masks the value after password, PIN and CVV labels', () => {
    const r = redactSecrets('My password is Hunter2!! and my PIN: 4821, cvv=123');
    expect(r.text).toBe('My password is [redacted] and my PIN: [redacted] cvv=[redacted]');
    expect(r.masked.secrets).toBe(3);
  });
});
