import type { StaffView } from '../../functions/core/inbox/views.ts';

/** One option of a "new owner" select. */
export interface OwnerChoice {
  /** What reassign takes as `owner`. */
  readonly id: string;
  readonly label: string;
  /** The case's owner now: shown, not choosable. */
  readonly current: boolean;
}

/**
 * Who a case can go to. The roster (GET /api/staff) when it has loaded, on shift first as the API orders it;
 * until then, or if it cannot be read, the owners seen on open cases, so reassigning still works. The
 * current owner is always shown, also when they have left the roster.
 */
export function ownerChoices(
  staff: readonly StaffView[] | undefined,
  ownersSeen: readonly string[],
  currentOwner: string | null,
): OwnerChoice[] {
  const choices: OwnerChoice[] = staff
    ? staff.map((s) => ({ id: s.id, label: staffLabel(s), current: s.id === currentOwner }))
    : [...new Set(ownersSeen)]
        .sort((a, b) => a.localeCompare(b))
        .map((id) => ({ id, label: id, current: id === currentOwner }));
  if (currentOwner && !choices.some((c) => c.id === currentOwner)) {
    choices.push({ id: currentOwner, label: currentOwner, current: true });
  }
  return choices.map((c) => (c.current ? { ...c, label: `${c.label} (current owner)` } : c));
}

/** "Amara Osei (amara) · en, fr", and "· off shift" when they are. */
export function staffLabel(s: StaffView): string {
  const languages = s.languages.length > 0 ? ` · ${s.languages.join(', ')}` : '';
  return `${s.name} (${s.id})${languages}${s.onShift ? '' : ' · off shift'}`;
}
