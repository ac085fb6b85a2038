import { CHANNELS, type Contact, type Identity, type PriorTurn, type SocialReach } from '../contact.ts';
import * as z from '../zod.ts';
import type { ContactDraft } from './normalise.ts';

/** What normalise() adds to an adapter's draft; `{ ...draft, ...derived }` is what contactSchema parses. */
export interface DerivedFields {
  readonly id: string;
  readonly text: string;
  readonly language: string;
  readonly languageConfident: boolean;
  readonly priorTurns: readonly PriorTurn[];
}

/**
 * The Contact that `contactSchema.parse({ ...draft, ...derived })` would return, built without zod when
 * every field is plainly valid; `undefined` when anything is not, or is a shape this path leaves to zod
 * (attachments), so that the caller parses with zod and words the refusal exactly as before.
 *
 * Why: every draft field was already checked by its channel's schema at the edge, and the spread and
 * zod parse of the whole Contact were three quarters of normalise()'s time (bench/triage-core.ts). The
 * rules below are contactSchema's, checked with zod's own regexes; the output has its keys in the
 * schema's order, an optional key kept (as undefined) when the input has it, as zod does.
 * tests/unit/plain-contact.test.ts holds the two paths to the same answers on generated contacts.
 */
export function plainContact(draft: ContactDraft, derived: DerivedFields): Contact | undefined {
  const c: { readonly [K in keyof ContactDraft]?: unknown } = draft;
  const { id, text, language, languageConfident } = derived;
  if (typeof id !== 'string' || !CONTACT_ID.test(id)) return undefined;
  if (!CHANNEL_SET.has(c.channel)) return undefined;
  if (!isString(c.sourceId, 1, 512) || !isDateTime(c.receivedAt)) return undefined;
  const identity = plainIdentity(c.identity);
  if (!identity) return undefined;
  if (c.displayName !== undefined && !isString(c.displayName, 0, 200)) return undefined;
  if (!isString(c.threadKey, 1, 512)) return undefined;
  if (c.subject !== undefined && !isString(c.subject, 0, 1000)) return undefined;
  if (!isString(text, 1, 50_000) || !isString(language, 2, 8)) return undefined;
  if (typeof languageConfident !== 'boolean' || typeof c.isPublic !== 'boolean') return undefined;
  let social: SocialReach | undefined;
  if (c.social !== undefined) {
    social = plainSocial(c.social);
    if (!social) return undefined;
  }
  const priorTurns = plainTurns(derived.priorTurns);
  if (!priorTurns || c.attachments !== undefined) return undefined;

  const out: Record<string, unknown> = {
    id,
    channel: c.channel,
    sourceId: c.sourceId,
    receivedAt: c.receivedAt,
    identity,
  };
  if ('displayName' in c) out.displayName = c.displayName;
  out.threadKey = c.threadKey;
  if ('subject' in c) out.subject = c.subject;
  out.text = text;
  out.language = language;
  out.languageConfident = languageConfident;
  out.isPublic = c.isPublic;
  if ('social' in c) out.social = social;
  out.priorTurns = priorTurns;
  if ('attachments' in c) out.attachments = undefined;
  return out as Contact;
}

/** z.string().datetime({ offset: true }) and z.string().email() test these very regexes. */
const DATE_TIME = z.regexes.datetime({ offset: true });
const EMAIL = z.regexes.email;
const CONTACT_ID = /^c_[0-9a-f]{32}$/;
const CHANNEL_SET: ReadonlySet<unknown> = new Set(CHANNELS);
const VISIBILITIES: ReadonlySet<unknown> = new Set(['post', 'reply', 'dm']);
const ROLES: ReadonlySet<unknown> = new Set(['customer', 'agent']);
const MAX_PRIOR_TURNS = 500;

function isString(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plainIdentity(value: unknown): Identity | undefined {
  if (!isRecord(value)) return undefined;
  const { email, handle, phone, accountId } = value;
  if (email !== undefined && !(typeof email === 'string' && EMAIL.test(email))) return undefined;
  if (handle !== undefined && !isString(handle, 1, 100)) return undefined;
  if (phone !== undefined && !isString(phone, 5, 32)) return undefined;
  if (accountId !== undefined && !isString(accountId, 1, 64)) return undefined;
  // identitySchema's refine: at least one key
  if (email === undefined && handle === undefined && phone === undefined && accountId === undefined)
    return undefined;
  const out: Record<string, string | undefined> = {};
  if ('email' in value) out.email = email === undefined ? undefined : (email as string).toLowerCase();
  if ('handle' in value) out.handle = handle as string | undefined;
  if ('phone' in value) out.phone = phone as string | undefined;
  if ('accountId' in value) out.accountId = accountId as string | undefined;
  return out as Identity;
}

function plainSocial(value: unknown): SocialReach | undefined {
  if (!isRecord(value)) return undefined;
  const { platform, followers, verified, visibility, engagement: e } = value;
  if (!isString(platform, 1, 40) || !isCount(followers) || typeof verified !== 'boolean') return undefined;
  if (!VISIBILITIES.has(visibility) || !isRecord(e)) return undefined;
  if (!isCount(e.reposts) || !isCount(e.replies) || !isCount(e.likes)) return undefined;
  if (!isDateTime(e.postedAt) || !isDateTime(e.readAt)) return undefined;
  return {
    platform,
    followers,
    verified,
    visibility: visibility as SocialReach['visibility'],
    engagement: {
      reposts: e.reposts,
      replies: e.replies,
      likes: e.likes,
      postedAt: e.postedAt,
      readAt: e.readAt,
    },
  };
}

function plainTurns(value: unknown): PriorTurn[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_PRIOR_TURNS) return undefined;
  const out: PriorTurn[] = [];
  for (const turn of value as unknown[]) {
    if (!isRecord(turn)) return undefined;
    const { role, at, text } = turn;
    if (!ROLES.has(role) || !isDateTime(at) || !isString(text, 0, 20_000)) return undefined;
    out.push({ role: role as PriorTurn['role'], at, text });
  }
  return out;
}
