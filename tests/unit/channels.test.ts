import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../functions/core/channels/index.ts';
import { chatPayload, emailPayload, socialPayload } from '../helpers/factories.ts';
import { rejection } from '../helpers/rejection.ts';

const meta = { receivedAt: '2026-11-20T10:00:00.000Z' };

describe('channel adapters', () => {
  it('gives the same contact id to the same source message on every delivery', async () => {
    const a = await ADAPTERS.email.toContact(emailPayload('Where is my order?'), meta);
    const b = await ADAPTERS.email.toContact(emailPayload('Where is my order?'), {
      receivedAt: '2026-11-21T00:00:00Z',
    });
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^c_[0-9a-f]{32}$/);
  });

  it('lower-cases the e-mail identity and keeps the display name', async () => {
    const c = await ADAPTERS.email.toContact(emailPayload('Where is my order?'), meta);
    expect(c.identity).toEqual({ email: 'dana@example.com' });
    expect(c.displayName).toBe('Dana Whitfield');
  });

  it('scores only the latest customer burst of a chat and keeps agent turns as what was already tried', async () => {
    const c = await ADAPTERS.chat.toContact(
      chatPayload('', {
        turns: [
          { role: 'customer', at: '2026-11-20T10:00:00Z', text: 'My boiler is broken.' },
          { role: 'agent', at: '2026-11-20T10:01:00Z', text: 'An engineer will call you today.' },
          { role: 'customer', at: '2026-11-21T10:00:00Z', text: 'Nobody called.' },
          { role: 'customer', at: '2026-11-21T10:01:00Z', text: 'Still no heating.' },
        ],
      }),
      meta,
    );
    expect(c.text).toBe('Nobody called.\nStill no heating.');
    expect(c.priorTurns.map((t) => t.role)).toEqual(['customer', 'agent']);
    expect(c.receivedAt).toBe('2026-11-21T10:01:00Z');
  });

  it('maps a social mention to a public contact with reach and engagement', async () => {
    const c = await ADAPTERS.social.toContact(socialPayload(), meta);
    expect(c.isPublic).toBe(true);
    expect(c.identity).toEqual({ handle: 'x:jordan' });
    expect(c.social?.followers).toBe(80_000);
    expect(c.social?.engagement.readAt).toBe('2026-11-20T10:20:00Z');
  });

  it.each(['email', 'chat', 'social'] as const)(
    'rejects malformed JSON on %s with a readable reason',
    async (channel) => {
      const error = await rejection(ADAPTERS[channel].toContact('{"text": "unterminated', meta));
      expect(error.code).toBe('malformed_json');
      expect(error.reason).toContain(`${channel} payload is not valid JSON`);
    },
  );

  it('never quotes the payload in a rejection reason: the text around a JSON error is customer data', async () => {
    const error = await rejection(
      ADAPTERS.email.toContact('{"from": dana.whitfield@example.com, "text": "my card"}', meta),
    );
    expect(error.reason).toMatch(/^email payload is not valid JSON( \(at character \d+\))?$/);
    expect(error.reason).not.toContain('dana');
  });

  it('names the missing field', async () => {
    const error = await rejection(
      ADAPTERS.social.toContact(JSON.stringify({ platform: 'x', postId: '1' }), meta),
    );
    expect(error.code).toBe('missing_field');
    expect(error.reason).toContain("'author'");
  });

  it('rejects a message with no text', async () => {
    const error = await rejection(ADAPTERS.email.toContact(emailPayload('   \n\t  '), meta));
    expect(error.code).toBe('empty_text');
  });

  it('rejects a payload over the SQS size limit before parsing it', async () => {
    const error = await rejection(ADAPTERS.chat.toContact(chatPayload('a'.repeat(300_000)), meta));
    expect(error.code).toBe('too_large');
  });

  it('rejects a chat with no identity key', async () => {
    const error = await rejection(
      ADAPTERS.chat.toContact(chatPayload('hi', { customer: { name: 'Anon' } }), meta),
    );
    expect(error.reason).toContain('at least one identity key');
  });

  it('detects non-English text', async () => {
    const c = await ADAPTERS.chat.toContact(
      chatPayload(
        'Hola, el pedido no ha llegado todavía y es la segunda vez que escribo. ¿Qué pasa con mi pedido?',
      ),
      meta,
    );
    expect(c.language).toBe('es');
  });

  it('strips control characters and keeps the text bounded', async () => {
    const c = await ADAPTERS.chat.toContact(chatPayload(`bad\u0000\u0007 text ${'x'.repeat(19_000)}`), meta);
    expect(c.text.startsWith('bad text')).toBe(true);
    expect(c.text).not.toContain('\u0000');
    expect(c.text).not.toContain('\u0007');
  });
});
