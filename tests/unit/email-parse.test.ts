import { describe, expect, it } from 'vitest';
import {
  EmailRejection,
  type ParsedEmail,
  parseEmail,
} from '../../functions/core/channels/email/parse-email.ts';
import { readFixture, simpleMail } from '../fixtures/email/builders.ts';

async function parseOk(raw: Uint8Array | string): Promise<ParsedEmail> {
  const result = await parseEmail(raw);
  if (result instanceof EmailRejection)
    throw new Error(`expected a parsed mail, got ${result.code}: ${result.detail}`);
  return result;
}

describe('parseEmail: forwarded by a support inbox', () => {
  it('takes the customer and their words from a Gmail forward, not the agent note above it', async () => {
    // Act
    const mail = await parseOk(readFixture('gmail-forward.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'jane.doe@example.com', name: 'Jane Doe' });
    expect(mail.forwardedBy).toEqual({ address: 'support@shop.example', name: 'Shop Support' });
    expect(mail.text).toBe(
      'This is the third time I am writing. Order #A-12345 has still not arrived\n' +
        'and nobody called me back.\n' +
        'Please call me on +44 20 7946 0958.',
    );
    expect(mail.sentAt).toBe('2025-03-03T10:15:00.000Z');
    expect(mail.subject).toBe('Order 123 still not delivered');
    expect(mail.normalisedSubject).toBe('order 123 still not delivered');
    expect(mail.phones).toEqual(['+442079460958']);
    expect(mail.accountIds).toEqual(['A-12345']);
    // the forward's own Message-ID names the forward, so the thread falls back to the subject
    expect(mail.messageId).toBe('<fwd-0001@mail.shop.example>');
    expect(mail.threadKey).toBe('subject:order 123 still not delivered|jane.doe@example.com');
  });

  it('reads the same Gmail forward when only its HTML part is sent', async () => {
    // Prepare
    const html =
      '<div dir="ltr">Customer is upset.<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' +
      '---------- Forwarded message ---------<br>From: <strong class="gmail_sendername">Jane Doe</strong> ' +
      '<span>&lt;<a href="mailto:jane.doe@example.com">jane.doe@example.com</a>&gt;</span><br>' +
      'Date: Mon, Mar 3, 2025 at 10:15 AM<br>Subject: Order 123<br>To: &lt;support@shop.example&gt;<br></div>' +
      '<br><br><div dir="ltr">Where is my parcel?<br>It is the third time I ask.</div></div></div>';
    const raw = simpleMail(
      { From: 'support@shop.example', Subject: 'Fwd: Order 123', 'Content-Type': 'text/html; charset=utf-8' },
      html,
    );

    // Act
    const mail = await parseOk(raw);

    // Assess
    expect(mail.customer).toEqual({ address: 'jane.doe@example.com', name: 'Jane Doe' });
    expect(mail.forwardedBy).toEqual({ address: 'support@shop.example' });
    expect(mail.text).toBe('Where is my parcel?\nIt is the third time I ask.');
  });

  it('takes the customer from an Outlook "____ From/Sent/To/Subject" forward and drops disclaimer and iPhone line', async () => {
    // Act
    const mail = await parseOk(readFixture('outlook-forward.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'tom.baker@example.org', name: 'Tom Baker' });
    expect(mail.forwardedBy).toEqual({ address: 'help@shop.example', name: 'Support Team' });
    expect(mail.text).toBe(
      'Hello,\n\n' +
        'I returned the kettle two weeks ago and I still have no refund.\n' +
        'My account number is 998877. You promised a call on Friday that never came.',
    );
    expect(mail.sentAt).toBe('2025-03-04T09:30:00.000Z');
    expect(mail.accountIds).toEqual(['998877']);
    expect(mail.subject).toBe('Refund request');
  });

  it('takes the customer from an Outlook "-----Original Message-----" forward with a [mailto:] sender', async () => {
    // Act
    const mail = await parseOk(readFixture('outlook-original-message.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'maria.rossi@example.it', name: 'Maria Rossi' });
    expect(mail.forwardedBy?.address).toBe('helpdesk@shop.example');
    expect(mail.text).toBe(
      'The dishwasher you installed on Monday is leaking again. Ticket #T-20931.\n\nMaria',
    );
    expect(mail.accountIds).toEqual(['T-20931']);
    expect(mail.sentAt).toBe('2025-03-06T10:42:00.000Z');
  });

  it('reads the same Outlook header block as quoted history when the subject says RE:', async () => {
    // Prepare
    const raw = simpleMail(
      { From: 'Tom Baker <tom.baker@example.org>', Subject: 'RE: Refund request' },
      [
        'Still nothing. Friday came and went.',
        '',
        '________________________________',
        'From: Support Team <help@shop.example>',
        'Sent: Tuesday, March 4, 2025 9:30 AM',
        'To: Tom Baker <tom.baker@example.org>',
        'Subject: Refund request',
        '',
        'We will call you on Friday.',
      ].join('\n'),
    );

    // Act
    const mail = await parseOk(raw);

    // Assess
    expect(mail.customer).toEqual({ address: 'tom.baker@example.org', name: 'Tom Baker' });
    expect(mail.forwardedBy).toBeUndefined();
    expect(mail.text).toBe('Still nothing. Friday came and went.');
  });

  it('parses an original attached as message/rfc822 when the outer mail has no words of its own', async () => {
    // Act
    const mail = await parseOk(readFixture('rfc822-attached.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'ana.garcia@example.net', name: 'Ana García' });
    expect(mail.forwardedBy).toEqual({ address: 'support@shop.example', name: 'Shop Support' });
    expect(mail.text).toBe(
      'The replacement screen is cracked too. This is the second one!\nI want a technician, not another parcel.',
    );
    expect(mail.attachments).toEqual([{ filename: 'photo.png', mimeType: 'image/png', bytes: 24 }]);
    expect(mail.messageId).toBe('<CAF-original-77@mail.example.net>');
    expect(mail.references).toEqual(['<ticket-5510@shop.example>', '<ticket-5512@shop.example>']);
    expect(mail.threadKey).toBe('<ticket-5510@shop.example>');
    expect(mail.sentAt).toBe('2025-03-11T02:14:05.000Z');
  });

  it('takes the customer from an Apple Mail "Begin forwarded message:" block', async () => {
    // Act
    const mail = await parseOk(readFixture('apple-forward.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'lee.chen@example.com', name: 'Lee Chen' });
    expect(mail.forwardedBy?.address).toBe('support@shop.example');
    expect(mail.text).toBe(
      'Hi, I was charged twice for invoice 55-1234. That is £89.99 taken two times.\n' +
        'I want the duplicate refunded today.',
    );
    expect(mail.sentAt).toBe('2025-03-05T13:02:11.000Z');
    expect(mail.accountIds).toEqual(['55-1234']);
  });

  it('unquotes an Apple Mail HTML forward whose original sits in a blockquote', async () => {
    // Prepare
    const html =
      '<html><body><div>FYI</div><div><br><blockquote type="cite"><div>Begin forwarded message:</div>' +
      '<br class="Apple-interchange-newline"><div><b>From: </b>Lee Chen &lt;lee.chen@example.com&gt;</div>' +
      '<div><b>Subject: </b>Charged twice</div><div><b>Date: </b>5 March 2025 at 14:02:11 GMT+1</div>' +
      '<div><b>To: </b>support@shop.example</div><br><div>I was charged twice.</div>' +
      '<div>Nobody answers the phone.</div></blockquote></div></body></html>';
    const raw = simpleMail(
      { From: 'support@shop.example', Subject: 'Fwd: Charged twice', 'Content-Type': 'text/html' },
      html,
    );

    // Act
    const mail = await parseOk(raw);

    // Assess
    expect(mail.customer).toEqual({ address: 'lee.chen@example.com', name: 'Lee Chen' });
    expect(mail.text).toBe('I was charged twice.\nNobody answers the phone.');
    expect(mail.sentAt).toBe('2025-03-05T13:02:11.000Z');
  });

  it('keeps a customer who forwards their own earlier mail as the customer, with their new words', async () => {
    // Prepare
    const raw = simpleMail(
      { From: 'Jane Doe <jane.doe@example.com>', Subject: 'Fwd: Order 123' },
      [
        'I sent this three weeks ago and nobody answered.',
        '',
        '---------- Forwarded message ---------',
        'From: Jane Doe <jane.doe@example.com>',
        'Date: Mon, Feb 10, 2025 at 9:00 AM',
        'Subject: Order 123',
        '',
        'Where is my order?',
      ].join('\n'),
    );

    // Act
    const mail = await parseOk(raw);

    // Assess
    expect(mail.customer).toEqual({ address: 'jane.doe@example.com', name: 'Jane Doe' });
    expect(mail.forwardedBy).toBeUndefined();
    expect(mail.text).toBe('I sent this three weeks ago and nobody answered.');
  });
});

describe('parseEmail: bodies and charsets', () => {
  it('turns an HTML-only mail into text without style, script, comments or the quoted reply', async () => {
    // Act
    const mail = await parseOk(readFixture('html-only.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'kim.lee@example.com', name: 'Kim Lee' });
    expect(mail.text).toBe(
      'Hello,\n\n' +
        "My router & modem still don't work — I’ve tried everything you said:\n\n" +
        'restarted it\n' +
        'reset it to factory settings\n' +
        'Call me on (555) 123-4567.',
    );
    expect(mail.phones).toEqual(['5551234567']);
    expect(mail.sentAt).toBe('2025-03-13T15:30:00.000Z');
  });

  it('decodes a quoted-printable body with soft line breaks and UTF-8 escapes', async () => {
    // Act
    const mail = await parseOk(readFixture('quoted-printable.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'jose.garcia@example.es', name: 'José García' });
    expect(mail.text).toBe(
      'Dear support,\n\n' +
        'I have been waiting 21 days for the replacement phone I was promised on the first call. ' +
        'The courier says the address is wrong but it is the same address you delivered to last year.\n\n' +
        'The price was 299 € and I would like it back if you cannot deliver by Friday.',
    );
  });

  it('decodes a base64 body and a base64 encoded-word subject, keeping the phone from the signature', async () => {
    // Act
    const mail = await parseOk(readFixture('base64-body.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'anna.mueller@example.de', name: 'Anna Müller' });
    expect(mail.subject).toBe('Paket nicht angekommen 📦');
    expect(mail.text).toBe(
      'Hello,\n\n' +
        'My parcel 📦 never arrived and the tracking page says “delivered”.\n' +
        'I need a refund of 49,90 € — this is unacceptable.',
    );
    expect(mail.phones).toEqual(['+49301234567']);
  });

  it('decodes an iso-8859-1 8bit body and iso-8859-1 encoded words', async () => {
    // Act
    const mail = await parseOk(readFixture('iso-8859-1.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'francois.lefevre@example.fr', name: 'François Lefèvre' });
    expect(mail.subject).toBe('Réclamation : commande n° 7781');
    expect(mail.text).toBe(
      'Bonjour,\n\n' +
        "Ma commande n'est toujours pas arrivée. J'ai déjà appelé trois fois, à chaque fois on m'a promis un rappel.\n" +
        'Ça suffit : remboursez-moi 149,00 EUR.',
    );
  });

  it('repairs windows-1252 curly quotes, dashes and the euro sign that Node decodes as C1 controls', async () => {
    // Act
    const mail = await parseOk(readFixture('windows-1252.eml'));

    // Assess
    expect(mail.text).toBe('You said “it will be fixed by Monday” — it wasn’t. I paid €120 for nothing.');
  });
});

describe('parseEmail: quoted history and signatures', () => {
  it('keeps only the new words of a reply with a long quoted history and an RFC signature', async () => {
    // Act
    const mail = await parseOk(readFixture('long-reply.eml'));

    // Assess
    expect(mail.customer).toEqual({ address: 'jane.doe@example.com', name: 'Jane Doe' });
    expect(mail.text).toBe(
      'I am writing for the fourth time now. You said on the phone that the parcel\n' +
        'would arrive on Friday. It did not. If this is not solved by Monday I will\n' +
        'cancel my account 998877 and tell everyone about it.',
    );
    // the phone is in her signature; the order id only in quoted history, which is not her new words
    expect(mail.phones).toEqual(['+447700900123']);
    expect(mail.accountIds).toEqual(['998877']);
  });

  it('drops ">" quoted lines interleaved with the answer but keeps the answer', async () => {
    // Prepare
    const raw = simpleMail(
      { From: 'jane.doe@example.com', Subject: 'Re: Order' },
      ['> When did you order?', 'On the 3rd of March.', '> Which colour?', 'Blue.'].join('\n'),
    );

    // Act
    const mail = await parseOk(raw);

    // Assess
    expect(mail.text).toBe('On the 3rd of March.\nBlue.');
  });
});

describe('parseEmail: threading', () => {
  it('threads by the root of References', async () => {
    // Act
    const mail = await parseOk(readFixture('long-reply.eml'));

    // Assess
    expect(mail.threadKey).toBe('<orig-1@example.com>');
    expect(mail.inReplyTo).toBe('<support-3@shop.example>');
    expect(mail.references).toHaveLength(6);
    expect(mail.normalisedSubject).toBe('order 123 still not delivered');
  });

  it('threads by In-Reply-To when References is missing', async () => {
    // Act
    const mail = await parseOk(readFixture('html-only.eml'));

    // Assess
    expect(mail.references).toEqual([]);
    expect(mail.threadKey).toBe('<router-1@shop.example>');
  });

  it('threads by its own Message-ID when it starts a conversation', async () => {
    // Act
    const mail = await parseOk(readFixture('quoted-printable.eml'));

    // Assess
    expect(mail.threadKey).toBe('<qp-1@example.es>');
  });

  it('threads by normalised subject and customer when Message-ID and references are missing', async () => {
    // Prepare
    const first = simpleMail({ From: 'Jane.Doe@Example.com', Subject: 'Order 123' }, 'Where is it?');
    const second = simpleMail(
      { From: 'jane.doe@example.com', Subject: 'Re: Fwd: RE:  Order 123 ' },
      'Still waiting.',
    );

    // Act
    const [a, b] = await Promise.all([parseOk(first), parseOk(second)]);

    // Assess
    expect(a.messageId).toBeUndefined();
    expect(b.normalisedSubject).toBe('order 123');
    expect(a.threadKey).toBe('subject:order 123|jane.doe@example.com');
    expect(b.threadKey).toBe(a.threadKey);
  });
});
