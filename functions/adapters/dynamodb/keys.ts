/**
 * Single-table layout. Every item has PK and SK. Three sparse GSIs index the cases (infra/resources.ts):
 * - GSI1 (by owner) and GSI2 (by status) project keys only and their sort keys do not move while a case
 *   is open, so a contact's update of its case writes neither; readers fetch those cases by key.
 * - GSI3 (the case index) is keyed on the case's own attributes, no derived key: partition `status` +
 *   `tier` (a multi-attribute key), sort `deadline`, with `owner`, `acknowledgedAt` and `incidentId`
 *   projected. The inbox reads a page at a time from it, hottest tier first, most urgent first; the
 *   incidents pages count an incident's open cases from it; the deadline sweeper reads only the entries
 *   past their deadline. A new case writes its entry, and a write that changes any of those attributes
 *   rewrites it: a contact that moves the deadline, an escalation, an acknowledgement,
 *   a reassignment, a close (into a `closed` partition). Only case items carry `status`, so nothing else
 *   is indexed.
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
 * A message's text is stored once, in its contact item's Contact JSON, with the brief's suggested opening
 * beside it; the case's brief and a stored alert refer to both (stored-brief.ts). The profile exists once a case of the customer got an owner (lastOwner).
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
