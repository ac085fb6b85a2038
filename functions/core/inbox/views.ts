/**
 * The inbox API's contract: what GET /api/... returns and what POST /api/... accepts. The web app
 * (web/) imports these types, the handler (functions/inbox/) produces them. Fields are only ever
 * added, never renamed or removed, so an older page keeps working against a newer API.
 *
 * Customer contact details never appear here: a customer is a display label (their name, or a
 * masked handle), never an e-mail address or a phone number.
 */
import * as z from 'zod';
import { CHANNELS, type Channel } from '../contact.ts';
import { OUTCOME_KINDS, type OutcomeKind, outcomeBodySchema } from '../outcomes.ts';
import { TIERS, type Tier } from '../scoring/tier.ts';

export type { Channel, OutcomeKind, Tier };
export { CHANNELS, OUTCOME_KINDS, TIERS };

export type CaseStatus = 'open' | 'closed';

/** One signal that moved a score, with the points it added. */
export interface ReasonView {
  readonly signal: string;
  readonly weight: number;
  readonly detail: string;
}

/** One row of GET /api/cases. */
export interface CaseListRow {
  readonly caseId: string;
  /** The customer's name, or a masked handle/account ("@da•••"); never an e-mail or phone number. */
  readonly customer: string;
  readonly tier: Tier;
  readonly frustration: number;
  readonly viralRisk: number;
  /** At most 3, largest weight first, frustration and viral-risk reasons together. */
  readonly topReasons: readonly ReasonView[];
  readonly owner: string | null;
  /** Channels the customer used on this case's story, latest message's channel first. */
  readonly channels: readonly Channel[];
  /** When the owner has to answer by (ISO). */
  readonly deadline: string;
  readonly acknowledged: boolean;
  readonly acknowledgedAt: string | null;
  readonly status: CaseStatus;
  readonly updatedAt: string;
  readonly contactCount: number;
  /** The brand-wide incident the case is part of, if any. */
  readonly incidentId: string | null;
  /** Escalations by the deadline sweeper so far (0 = none). */
  readonly escalationLevel: number;
}

/** Rows a page of GET /api/cases holds unless `limit` says otherwise, and the most it may ask for. */
export const CASE_PAGE_SIZE = 50;
export const CASE_PAGE_MAX = 100;
/** Open cases per tier are counted up to this many; more reads as "100+" (`more: true`). */
export const TIER_COUNT_CAP = 100;

/** Open cases of one tier, counted up to TIER_COUNT_CAP. */
export interface TierCount {
  readonly count: number;
  /** True when there are more than `count`. */
  readonly more: boolean;
}

export interface CaseListResponse {
  /**
   * One page, hottest first: tier, then the deadline soonest first (overdue first), then case id. A filter
   * on channel (or an owner with few cases) may leave a page short of `limit` while `next` still leads on.
   */
  readonly cases: readonly CaseListRow[];
  /** The server's clock when the list was read (ISO): time-left figures are relative to it. */
  readonly generatedAt: string;
  /** Pass as `cursor` for the page after this one; null on the last page. */
  readonly next: string | null;
  /**
   * Every open case by tier, whatever the filter (capped: see TierCount). On the first page only (no
   * `cursor`); null on the pages after it.
   */
  readonly openByTier: Readonly<Record<Tier, TierCount>> | null;
}

/**
 * Query of GET /api/cases; every filter optional. `status` is `open` only for now. `cursor` is the `next`
 * of the page before, with the same filters; `limit` the rows wanted (1–100, default 50).
 */
export const caseFilterSchema = z.object({
  owner: z.string().min(1).max(64).optional(),
  tier: z.enum(TIERS).optional(),
  channel: z.enum(CHANNELS).optional(),
  status: z.literal('open').default('open'),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(CASE_PAGE_MAX).default(CASE_PAGE_SIZE),
});
export type CaseFilter = z.infer<typeof caseFilterSchema>;

export interface TimelineEntryView {
  readonly at: string;
  readonly channel: Channel;
  readonly tier: Tier;
  readonly frustration: number;
  /** First words of the message (secrets masked as stored). */
  readonly excerpt: string;
  /** True for the case's latest message. */
  readonly latest: boolean;
}

export interface TriedView {
  readonly at: string;
  readonly what: string;
  /** Absent for what an agent said in the conversation (the outcome is not known). */
  readonly result?: 'worked' | 'failed' | 'pending';
  /** Who recorded it, for actions recorded as outcomes. */
  readonly by?: string;
}

export interface PromiseView {
  readonly promiseId: string;
  readonly text: string;
  readonly madeAt: string;
  readonly dueAt: string;
  readonly source: 'agent' | 'customer_report' | 'staff';
}

export interface OutcomeView {
  readonly outcomeId: string;
  readonly kind: string;
  readonly recordedAt: string;
  readonly by: string;
  readonly actions: readonly { readonly what: string; readonly result: 'worked' | 'failed' | 'pending' }[];
  readonly csat?: number;
  readonly note?: string;
  /** For `reassigned`: who it went to. */
  readonly owner?: string;
}

/** GET /api/cases/{caseId}: the full brief and what happened since. */
export interface CaseDetail {
  readonly caseId: string;
  readonly customer: string;
  /** How many times this customer has written, this message included. */
  readonly contactsSoFar: number;
  readonly status: CaseStatus;
  readonly closedAt: string | null;
  /** The closing outcome kind (`resolved`, `refunded`, `churned`). */
  readonly closedAs: string | null;
  readonly tier: Tier;
  readonly frustration: number;
  readonly viralRisk: number;
  readonly latestMessage: {
    readonly contactId: string;
    readonly channel: Channel;
    readonly receivedAt: string;
    readonly subject?: string;
    /** Card numbers and passwords masked as stored. */
    readonly text: string;
  };
  /** Largest weight first. */
  readonly whyHeated: readonly ReasonView[];
  /** Newest first, across channels; includes the latest message. */
  readonly timeline: readonly TimelineEntryView[];
  /** Oldest first: what staff and agents already tried, and how it ended when known. */
  readonly alreadyTried: readonly TriedView[];
  readonly promises: { readonly open: readonly PromiseView[]; readonly broken: readonly PromiseView[] };
  readonly owner: string | null;
  readonly deadline: string;
  /** Seconds until the deadline at `generatedAt`; negative when overdue. */
  readonly secondsLeft: number;
  readonly acknowledged: boolean;
  readonly acknowledgedAt: string | null;
  readonly escalationLevel: number;
  readonly suggestedOpening: string;
  /** Oldest first. */
  readonly outcomes: readonly OutcomeView[];
  readonly incidentId: string | null;
  readonly wentPublic: boolean;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly contactCount: number;
  readonly generatedAt: string;
}

export interface IncidentExampleView {
  readonly caseId: string;
  readonly customer: string;
  readonly channel: Channel;
  readonly receivedAt: string;
  readonly tier: Tier;
  /** First words of the case's latest message. */
  readonly excerpt: string;
}

/** One row of GET /api/incidents. */
export interface IncidentSummary {
  readonly incidentId: string;
  readonly topic: string;
  /** Noun phrase: "the {label}". */
  readonly label: string;
  readonly topTerms: readonly string[];
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly openedAt: string;
  /** Mentions in the window when it opened, and what the baseline expected. */
  readonly mentions: number;
  readonly expected: number;
  /** Contacts linked to it so far. */
  readonly linkedContacts: number;
  /** Open cases that are part of it, counted up to INCIDENT_COUNT_CAP. */
  readonly openCases: number;
  /**
   * True when it may have more than `openCases`: more than the cap, or open cases the read left unread
   * (it evaluates at most a fixed number of the case index's entries a request).
   */
  readonly openCasesMore: boolean;
  /** Up to 3 example messages. */
  readonly examples: readonly IncidentExampleView[];
  readonly alertedAt: string | null;
}

/** An incident's open cases are counted up to this many; more reads as "100+" (`openCasesMore`). */
export const INCIDENT_COUNT_CAP = 100;
/** An incident's page lists at most this many of its open cases. */
export const INCIDENT_CASES_SHOWN = 50;
/** The incidents page shows at most this many: those whose open cases were decided most recently. */
export const INCIDENTS_SHOWN = 20;

export interface IncidentListResponse {
  /** Incidents with at least one open case, most recently opened first; at most INCIDENTS_SHOWN. */
  readonly incidents: readonly IncidentSummary[];
  /**
   * False when the read left open cases unread or more incidents than INCIDENTS_SHOWN have open cases:
   * older incidents may then be missing from the list.
   */
  readonly complete: boolean;
  readonly generatedAt: string;
}

/** GET /api/incidents/{incidentId}. */
export interface IncidentDetail extends IncidentSummary {
  /** Its open cases, hottest first: at most INCIDENT_CASES_SHOWN (`openCases` says how many there are). */
  readonly cases: readonly CaseListRow[];
  readonly generatedAt: string;
}

/**
 * One person of GET /api/staff: who a case can be reassigned to. Only what choosing needs; the roster's
 * capacity, topics, channels and load stay with routing.
 */
export interface StaffView {
  /** What POST /api/cases/{caseId}/reassign takes as `owner`. */
  readonly id: string;
  readonly name: string;
  /** ISO 639-1 codes the person can reply in. */
  readonly languages: readonly string[];
  readonly onShift: boolean;
}

export interface StaffListResponse {
  /** On shift first, then by name. */
  readonly staff: readonly StaffView[];
  readonly generatedAt: string;
}

/** POST /api/cases/{caseId}/acknowledge: body optional (`{}` or none). */
export const acknowledgeRequestSchema = z.object({});
export type AcknowledgeRequest = z.infer<typeof acknowledgeRequestSchema>;

export interface AcknowledgeResponse {
  readonly caseId: string;
  readonly acknowledgedAt: string;
  /** False when it was already acknowledged (the first acknowledgement stands). */
  readonly changed: boolean;
}

/** POST /api/cases/{caseId}/reassign. */
export const reassignRequestSchema = z.object({
  /** A staff id from the roster. */
  owner: z.string().min(1).max(64),
});
export type ReassignRequest = z.infer<typeof reassignRequestSchema>;

export interface ReassignResponse {
  readonly caseId: string;
  readonly owner: string;
  readonly previousOwner: string | null;
  /** False when the case already had that owner. */
  readonly changed: boolean;
}

/**
 * POST /api/cases/{caseId}/outcomes: what `flashpoint outcome` takes, minus `by` (the signed-in user)
 * and minus the case id (from the URL). Same validation: see functions/core/outcomes.ts.
 */
export const outcomeRequestSchema = outcomeBodySchema
  .omit({ by: true })
  .refine((o) => o.kind !== 'reassigned' || o.owner !== undefined, {
    message: "a 'reassigned' outcome needs the new owner",
    path: ['owner'],
  });
export type OutcomeRequest = z.input<typeof outcomeRequestSchema>;

export interface OutcomeResponse {
  readonly caseId: string;
  readonly outcomeId: string;
  readonly closed: boolean;
}

/** Every refusal: a stable machine-readable code and one sentence for a person. */
export interface ApiError {
  readonly error: ApiErrorCode;
  readonly message: string;
}

export type ApiErrorCode =
  | 'invalid_request'
  | 'invalid_cursor'
  | 'malformed_json'
  | 'not_found'
  | 'case_not_found'
  | 'incident_not_found'
  | 'case_closed'
  | 'case_changed'
  | 'unknown_owner'
  | 'method_not_allowed'
  | 'unauthenticated'
  | 'payload_too_large'
  | 'internal_error';

/**
 * GET /config.json: how the page signs in. `null` locally (no sign-in); in AWS the hosting writes it
 * (infra/constructs/inbox-site.ts) and the page reads it (web/src/auth/pkce.ts).
 */
export interface InboxConfig {
  readonly auth: {
    /** Cognito hosted-UI origin, `https://<prefix>.auth.<region>.amazoncognito.com`. */
    readonly cognitoDomain: string;
    /** The user pool's app client id. */
    readonly clientId: string;
    /** Where the hosted UI sends the browser back with the code: the site's own address. */
    readonly redirectUri: string;
  } | null;
}

/** Route paths, for the web app and the tests. */
export const API_ROUTES = {
  cases: '/api/cases',
  case: (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}`,
  acknowledge: (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/acknowledge`,
  reassign: (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/reassign`,
  outcomes: (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/outcomes`,
  incidents: '/api/incidents',
  incident: (incidentId: string) => `/api/incidents/${encodeURIComponent(incidentId)}`,
  staff: '/api/staff',
} as const;
