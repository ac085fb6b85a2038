import type { AttachmentMeta, Contact, Identity, PriorTurn, SocialReach } from '../contact.ts';
import { contactSchema } from '../contact.ts';
import { RejectionError } from '../errors.ts';
import { contactId } from '../ids.ts';
import { detectLanguage } from '../language.ts';
import { redactSecrets } from '../redact.ts';
import { type DerivedFields, plainContact } from './plain-contact.ts';

/** Longer texts are cut: the start of a message carries its point, and scoring stays bounded. */
export const MAX_TEXT_CHARS = 20_000;

export interface ContactDraft {
  readonly channel: Contact['channel'];
  readonly sourceId: string;
  readonly receivedAt: string;
  readonly identity: Identity;
  readonly displayName?: string | undefined;
  readonly threadKey: string;
  readonly subject?: string | undefined;
  readonly text: string;
  readonly isPublic: boolean;
  readonly social?: SocialReach | undefined;
  readonly priorTurns?: readonly PriorTurn[];
  readonly attachments?: readonly AttachmentMeta[] | undefined;
}

/** The last step of every adapter: clean the text, detect the language, give the deterministic id. */
export function normalise(draft: ContactDraft): Contact {
  // Card numbers and passwords are masked here, before anything is stored, queued or put in a brief.
  const text = redactSecrets(cleanText(draft.text)).text;
  if (text.length === 0)
    throw new RejectionError('empty_text', `${draft.channel} message has no text to score`);
  const language = detectLanguage(text);
  const derived: DerivedFields = {
    id: contactId(draft.channel, draft.sourceId),
    text,
    language: language.language,
    languageConfident: language.confident,
    priorTurns: (draft.priorTurns ?? []).map((t) => ({
      role: t.role,
      at: t.at,
      text: redactSecrets(t.text).text,
    })),
  };
  const plain = plainContact(draft, derived);
  if (plain) return plain;
  const parsed = contactSchema.safeParse({ ...draft, ...derived });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RejectionError('invalid_field', `contact field '${issue?.path.join('.')}': ${issue?.message}`);
  }
  return parsed.data;
}

/** Anything cleanText() would change: control characters, tabs, runs of spaces or of 3+ newlines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point of this line
const NEEDS_CLEANING = /[\u0000-\u0008\u000B-\u001F\u007F\t]| {2}|\n{3}/;

export function cleanText(raw: string): string {
  // Most messages are clean already: one test instead of three replacing scans.
  const cleaned = NEEDS_CLEANING.test(raw)
    ? raw
        // Control characters other than newline and tab carry nothing a person wrote.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point of this line
        .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .replace(/\n{3,}/g, '\n\n')
    : raw;
  return cleaned.trim().slice(0, MAX_TEXT_CHARS);
}
