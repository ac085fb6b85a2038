import type { Outcome } from './outcomes.ts';
import type { StaffMember } from './routing/roster.ts';
import type { Escalation } from './sweeper.ts';

/** Case not found, or not in a state the operation applies to: the caller's mistake, never retried. */
export class CaseOperationError extends Error {
  override readonly name = 'CaseOperationError';
  constructor(
    readonly code: 'case_not_found' | 'case_closed' | 'unknown_owner' | 'case_changed',
    message: string,
  ) {
    super(message);
  }
}

/** Port for what people and the scheduler do to cases after triage. */
export interface CaseOperations {
  recordOutcome(outcome: Outcome, now: Date): Promise<{ outcomeId: string; closed: boolean }>;
  saveRoster(staff: readonly StaffMember[]): Promise<void>;
  /** Applies the escalation unless someone acknowledged or escalated the case meanwhile. */
  escalate(e: Escalation, now: Date): Promise<boolean>;
  briefText(caseId: string): Promise<string | undefined>;
  /** The owner saw the case (stops the sweeper's escalation); a second acknowledgement changes nothing. */
  acknowledge(caseId: string, by: string, now: Date): Promise<{ acknowledgedAt: string; changed: boolean }>;
  /** Hands the case to another staff member from the roster; they have to acknowledge it again. */
  reassign(
    caseId: string,
    owner: string,
    by: string,
    now: Date,
  ): Promise<{ owner: string; previousOwner: string | null; changed: boolean }>;
}
