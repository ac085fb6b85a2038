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

describe('redaction at the edge', () => {
  it('stores no card number or password in the contact, its earlier turns, or its brief', async () => {
    const { ADAPTERS } = await import('../../functions/core/channels/index.ts');
    const contact = await ADAPTERS.chat.toContact(
      JSON.stringify({
        conversationId: 'redact-1',
        customer: { email: 'r@example.com' },
        turns: [
          { role: 'agent', at: '2026-11-20T09:00:00Z', text: 'Please confirm the card 4111-1111-1111-1111.' },
          {
            role: 'customer',
            at: '2026-11-20T09:01:00Z',
            text: 'You charged 4111 1111 1111 1111 twice. password: Secret123',
          },
        ],
      }),
      { receivedAt: '2026-11-20T09:01:00Z' },
    );
    const stored = JSON.stringify(contact);
    expect(stored).not.toContain('4111 1111 1111 1111');
    expect(stored).not.toContain('4111-1111-1111-1111');
    expect(stored).not.toContain('Secret123');
    expect(contact.text).toContain('[card •••• 1111]');
  });
});
