import type { StoredStaffMember } from './ports.ts';
import type { StaffView } from './views.ts';

/**
 * Each field picked by name: whatever else a reader hands over (capacity, topics, load) stays out of the
 * response even if the port is given a whole roster entry.
 */
export function toStaffView(s: StoredStaffMember): StaffView {
  return { id: s.id, name: s.name, languages: [...s.languages], onShift: s.onShift };
}

/** Who is on shift first, then by name (then id, so two people of one name keep one order). */
export function staffOrder(a: StaffView, b: StaffView): number {
  return Number(b.onShift) - Number(a.onShift) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}
