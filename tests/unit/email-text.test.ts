import { describe, expect, it } from 'vitest';
import { parseContentType } from '../../functions/core/channels/email/content-type.ts';
import { htmlToText } from '../../functions/core/channels/email/html-to-text.ts';
import { findIdentityHints } from '../../functions/core/channels/email/identity-hints.ts';
import { parseLooseDate } from '../../functions/core/channels/email/loose-date.ts';
import { mailboxFromText } from '../../functions/core/channels/email/mailbox.ts';
import { cleanCustomerText } from '../../functions/core/channels/email/quote-stripping.ts';
import {
  isForwardSubject,
  normaliseSubject,
  parseMessageIds,
} from '../../functions/core/channels/email/threading.ts';

describe('htmlToText', () => {
  it('drops script, style, head and comments, and decodes named and numeric entities', () => {
    // Prepare
    const html =
      '<html><head><title>t</title><style>a{}</style></head><body><!-- c --><p>caf&eacute; &amp; cr&#232;me ' +
      '&#x1F600; &lt;b&gt; &bogus; &nbsp;x</p><script>alert("<p>no</p>")</script></body></html>';

    // Act
    const text = htmlToText(html);

    // Assess
    expect(text).toBe('café & crème 😀 <b> &bogus; x');
  });

  it('turns br, p, div and li into line breaks and prefixes blockquote lines with "> "', () => {
    // Act
    const text = htmlToText(
      '<div>one<br>two</div><ul><li>a</li><li>b</li></ul><p>three</p><blockquote>old<blockquote>older</blockquote></blockquote>',
    );

    // Assess
    expect(text).toBe('one\ntwo\na\nb\n\nthree\n\n> old\n> > older');
  });

  it('keeps a bare "<" that starts no tag, and the text of a stray unclosed <head>', () => {
    // Act
    const text = htmlToText('a < b and 3<4 <head>still here');

    // Assess
    expect(text).toBe('a < b and 3<4 still here');
  });

  it('keeps whitespace inside <pre>', () => {
    // Act
    const text = htmlToText('<pre>line 1\n  indented</pre>');

    // Assess
    expect(text).toBe('line 1\n  indented');
  });

  it('reads a quoted ">" inside an attribute as part of the tag', () => {
    // Act
    const text = htmlToText('<a title="x > y" href="/">link</a> after');

    // Assess
    expect(text).toBe('link after');
  });
});

describe('cleanCustomerText', () => {
  it('keeps "On Monday I wrote:" without a date as the customer\'s own sentence', () => {
    // Act
    const cleaned = cleanCustomerText('On Monday I wrote:\nmy fridge is broken');

    // Assess
    expect(cleaned.words).toBe('On Monday I wrote:\nmy fridge is broken');
  });

  it('cuts a German attribution wrapped over two lines', () => {
    // Act
    const cleaned = cleanCustomerText(
      'Immer noch kaputt.\n\nAm 03.03.2025 um 10:15 schrieb Shop\n<support@shop.example>:\n> Alt',
    );

    // Assess
    expect(cleaned.words).toBe('Immer noch kaputt.');
  });

  it('removes a sign-off block at the end but keeps a closing sentence that only starts with thanks', () => {
    // Act
    const signedOff = cleanCustomerText(
      'Please fix it.\n\nBest regards,\nJane Doe\nAcme Ltd\n+1 555 010 9999',
    );
    const sentence = cleanCustomerText('Please fix it.\nThanks for nothing, I am leaving.');

    // Assess
    expect(signedOff.words).toBe('Please fix it.');
    expect(signedOff.signature).toBe('Best regards,\nJane Doe\nAcme Ltd\n+1 555 010 9999');
    expect(sentence.words).toBe('Please fix it.\nThanks for nothing, I am leaving.');
  });

  it('does not take a sign-off word in the middle of the text for a signature', () => {
    // Act
    const cleaned = cleanCustomerText(
      'Thanks,\nbut the refund never arrived and I have asked three times already?\nJane',
    );

    // Assess
    expect(cleaned.words).toBe(
      'Thanks,\nbut the refund never arrived and I have asked three times already?\nJane',
    );
  });

  it('removes a confidentiality disclaimer paragraph but keeps the customer mentioning confidentiality', () => {
    // Act
    const cleaned = cleanCustomerText(
      'My data is confidential, why did you share it?\n\n' +
        'CONFIDENTIALITY NOTICE: This e-mail is intended only for the addressee.',
    );

    // Assess
    expect(cleaned.words).toBe('My data is confidential, why did you share it?');
  });

  it('cuts at "Sent from my iPhone" and at the RFC "-- " delimiter', () => {
    // Act
    const phone = cleanCustomerText(
      'Still broken.\n\nSent from my iPhone\n\nOn Mon, 3 Mar 2025, x wrote:\n> hi',
    );
    const rfc = cleanCustomerText('Still broken.\n-- \nJane\nCEO');

    // Assess
    expect(phone.words).toBe('Still broken.');
    expect(rfc.words).toBe('Still broken.');
    expect(rfc.signature).toBe('Jane\nCEO');
  });
});

describe('subjects and message ids', () => {
  it('normalises reply and forward prefixes in several languages', () => {
    expect(normaliseSubject('Re: Fwd: RE:  Order 123 ')).toBe('order 123');
    expect(normaliseSubject('AW: WG: Bestellung   4471')).toBe('bestellung 4471');
    expect(normaliseSubject('Re[2]: SV: TR: Commande')).toBe('commande');
    expect(normaliseSubject('Trouble: my order')).toBe('trouble: my order');
    expect(normaliseSubject(undefined)).toBe('');
  });

  it('tells a forward subject from a reply by its first prefix', () => {
    expect(isForwardSubject('FW: RE: Refund')).toBe(true);
    expect(isForwardSubject('Fwd: Order')).toBe(true);
    expect(isForwardSubject('RE: FW: Refund')).toBe(false);
    expect(isForwardSubject('Forwarding address')).toBe(false);
  });

  it('extracts bracketed ids and drops ids with whitespace or control characters', () => {
    expect(parseMessageIds('<a@x> <b@y>\r\n <c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(parseMessageIds('<bad id@x> <ok@x>')).toEqual(['<ok@x>']);
    expect(parseMessageIds('plain@x other')).toEqual(['<plain@x>']);
    expect(parseMessageIds(undefined)).toEqual([]);
  });
});

describe('parseLooseDate', () => {
  it('reads the date lines mail clients write into forwards', () => {
    expect(parseLooseDate('Mon, Mar 3, 2025 at 10:15 AM')).toBe('2025-03-03T10:15:00.000Z');
    expect(parseLooseDate('Monday, March 3, 2025 10:15 PM')).toBe('2025-03-03T22:15:00.000Z');
    expect(parseLooseDate('3 March 2025 at 10:15:42 GMT+1')).toBe('2025-03-03T09:15:42.000Z');
    expect(parseLooseDate('Tue, 04 Mar 2025 09:30:00 -0500 (EST)')).toBe('2025-03-04T14:30:00.000Z');
    expect(parseLooseDate('March 3, 2025 at 9:05:00 AM PST')).toBe('2025-03-03T17:05:00.000Z');
    expect(parseLooseDate('2025-03-03 10:15')).toBe('2025-03-03T10:15:00.000Z');
  });

  it('returns undefined for text that does not name a full date', () => {
    expect(parseLooseDate('yesterday')).toBeUndefined();
    expect(parseLooseDate('Feb 31, 2025')).toBeUndefined();
    expect(parseLooseDate('Marketing 2025 at 10:15')).toBeUndefined();
    expect(parseLooseDate('13:00 PM, 3 Mar 2025')).toBeUndefined();
  });
});

describe('findIdentityHints and mailboxFromText', () => {
  it('finds order and account references and phone numbers, normalised', () => {
    // Act
    const hints = findIdentityHints(
      'Order #A-12345 and account no. 998877, invoice: INV-2025-001. Call +44 20 7946 0958 or (555) 123-4567, ' +
        'not on 2025-03-03 and not my account is locked.',
    );

    // Assess
    expect(hints.accountIds).toEqual(['A-12345', '998877', 'INV-2025-001']);
    expect(hints.phones).toEqual(['+442079460958', '5551234567']);
  });

  it('reads the sender forms forwarding clients print', () => {
    expect(mailboxFromText('Jane Doe <Jane.Doe@Example.com>')).toEqual({
      address: 'jane.doe@example.com',
      name: 'Jane Doe',
    });
    expect(mailboxFromText('"Doe, Jane" [mailto:jane@example.com]')).toEqual({
      address: 'jane@example.com',
      name: 'Doe, Jane',
    });
    expect(mailboxFromText('*Jane Doe* <jane@example.com>')).toEqual({
      address: 'jane@example.com',
      name: 'Jane Doe',
    });
    expect(mailboxFromText('jane@example.com')).toEqual({ address: 'jane@example.com' });
    expect(mailboxFromText('Jane Doe <not an address>')).toBeUndefined();
  });
});

describe('parseContentType', () => {
  it('joins RFC 2231 boundary continuations and ignores comments', () => {
    expect(parseContentType('multipart/mixed; boundary*0="ab"; boundary*1*=%63d').boundary).toBe('abcd');
    expect(parseContentType('Multipart/Mixed (comment); boundary="x y"; boundary="second"')).toEqual({
      value: 'multipart/mixed',
      boundary: 'x y',
    });
  });
});
