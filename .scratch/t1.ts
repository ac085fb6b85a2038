import { readFileSync } from 'node:fs';
import { ADAPTERS } from '../functions/core/channels/index.ts';
const raw = readFileSync('tests/fixtures/email/gmail-forward.eml');
const c = await ADAPTERS.email.toContact(JSON.stringify({ rawMime: raw.toString('base64') }), { receivedAt: '2026-01-01T00:00:00Z' });
console.log(c);
const c2 = await ADAPTERS.email.toContact(readFileSync('tests/fixtures/email/rfc822-attached.eml', 'utf8'), { receivedAt: '2026-01-01T00:00:00Z' });
console.log(c2);
