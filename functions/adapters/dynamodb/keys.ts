/**
 * Single-table layout. Every item has PK and SK; two sparse GSIs serve the case lists. They project
 * keys only and their sort keys do not move while a case is open, so the update every contact makes
 * to its case writes no index at all; the reader fetches the cases by key and sorts them itself.
 *
 * | item                   | PK                    | SK                                | GSI1 (by owner)                                    | GSI2 (by status)             |
 * |------------------------|-----------------------|-----------------------------------|----------------------------------------------------|------------------------------|
 * | contact                | CONTACT#<contactId>   | CONTACT                           |                                                    |                              |
 * | identity link          | IDKEY#<kind>:<value>  | IDKEY                             |                                                    |                              |
 * | customer profile       | CUSTOMER#<customerId> | PROFILE                           |                                                    |                              |
 * | timeline entry         | CUSTOMER#<customerId> | CONTACT#<receivedAt>#<contactId>  |                                                    |                              |
 * | open-case pointer      | CUSTOMER#<customerId> | OPENCASE                          |                                                    |                              |
 * | promise                | CUSTOMER#<customerId> | PROMISE#<caseId>#<promiseId>      |                                                    |                              |
 * | staff member + load    | ROSTER                | STAFF#<staffId>                   |                                                    |                              |
 * | case                   | CASE#<caseId>         | CASE                              | OWNER#<owner> / open#<openedAt>, closed#<closedAt> | STATUS#<status> / <openedAt> |
 * | decision (per contact) | CASE#<caseId>         | DECISION#<receivedAt>#<contactId> |                                                    |                              |
 * | outcome                | CASE#<caseId>         | OUTCOME#<recordedAt>#<outcomeId>  |                                                    |                              |
 * | spike bucket counter   | SPIKE#<topic>         | BUCKET#<bucketStart>              |                                                    |                              |
 * | spike mention          | SPIKE#<topic>         | MENTION#<bucketStart>#<contactId> |                                                    |                              |
 * | topic's incident ptr   | SPIKE#<topic>         | INCIDENT                          |                                                    |                              |
 * | incident               | INCIDENT#<incidentId> | INCIDENT                          |                                                    |                              |
 *
 * A message's text is stored once, in its contact item's Contact JSON; the case's brief and a stored alert
 * refer to it (stored-brief.ts). The profile exists once a case of the customer got an owner (lastOwner).
 * Decisions and outcomes share the case's partition, so one Query returns them side by side. Spike
 * counters and mentions carry `expiresAt` (the table's TTL attribute) and are gone hours later; the
 * pointer is the per-topic lock that lets exactly one incident open per cooldown; incidents are kept.
 */
export const keys = {
  contact: (contactId: string) => ({ PK: `CONTACT#${contactId}`, SK: 'CONTACT' }),
  identity: (key: string) => ({ PK: `IDKEY#${key}`, SK: 'IDKEY' }),
  profile: (customerId: string) => ({ PK: `CUSTOMER#${customerId}`, SK: 'PROFILE' }),
  timeline: (customerId: string, receivedAt: string, contactId: string) => ({
    PK: `CUSTOMER#${customerId}`,
    SK: `CONTACT#${receivedAt}#${contactId}`,
  }),
  openCase: (customerId: string) => ({ PK: `CUSTOMER#${customerId}`, SK: 'OPENCASE' }),
  case: (caseId: string) => ({ PK: `CASE#${caseId}`, SK: 'CASE' }),
  decision: (caseId: string, receivedAt: string, contactId: string) => ({
    PK: `CASE#${caseId}`,
    SK: `DECISION#${receivedAt}#${contactId}`,
  }),
  outcome: (caseId: string, recordedAt: string, outcomeId: string) => ({
    PK: `CASE#${caseId}`,
    SK: `OUTCOME#${recordedAt}#${outcomeId}`,
  }),
  promise: (customerId: string, caseId: string, promiseId: string) => ({
    PK: `CUSTOMER#${customerId}`,
    SK: `PROMISE#${caseId}#${promiseId}`,
  }),
  staff: (staffId: string) => ({ PK: 'ROSTER', SK: `STAFF#${staffId}` }),
  spikeBucket: (topic: string, bucketStart: string) => ({ PK: spikePk(topic), SK: `BUCKET#${bucketStart}` }),
  spikeMention: (topic: string, bucketStart: string, contactId: string) => ({
    PK: spikePk(topic),
    SK: `MENTION#${bucketStart}#${contactId}`,
  }),
  incidentPointer: (topic: string) => ({ PK: spikePk(topic), SK: 'INCIDENT' }),
  incident: (incidentId: string) => ({ PK: `INCIDENT#${incidentId}`, SK: 'INCIDENT' }),
} as const;

export function spikePk(topic: string): string {
  return `SPIKE#${topic}`;
}

export const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;
export const ownerGsi = (owner: string | null) => `OWNER#${owner ?? 'unassigned'}`;
export const statusGsi = (status: string) => `STATUS#${status}`;
/** GSI1's sort key: open cases by when they opened (a prefix query skips the closed ones). */
export const ownerGsiSk = (status: 'open' | 'closed', at: string) => `${status}#${at}`;
