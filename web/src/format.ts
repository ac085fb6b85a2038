/** Plain formatting for the inbox: no DOM, so tests/unit/web-format.test.ts runs it in node. */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 d 4 h", "2 h 5 min", "42 min", "less than a minute": two units at most, rounded down. */
export function duration(totalSeconds: number): string {
  const s = Math.floor(Math.abs(totalSeconds));
  if (s < MINUTE) return 'less than a minute';
  const days = Math.floor(s / DAY);
  const hours = Math.floor((s % DAY) / HOUR);
  const minutes = Math.floor((s % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

export interface TimeLeft {
  readonly text: string;
  readonly overdue: boolean;
}

/** How long until a deadline, or how long past it, in words a person reads at a glance. */
export function timeLeft(deadline: string, now: number): TimeLeft {
  const due = Date.parse(deadline);
  if (Number.isNaN(due)) return { text: 'no valid deadline', overdue: false };
  const seconds = (due - now) / 1000;
  return seconds >= 0
    ? { text: `${duration(seconds)} left`, overdue: false }
    : { text: `overdue by ${duration(seconds)}`, overdue: true };
}

/** "5 min ago"; a moment in the future (clock skew) reads as "just now". */
export function ago(at: string, now: number): string {
  const seconds = (now - Date.parse(at)) / 1000;
  if (Number.isNaN(seconds)) return 'at an unknown time';
  if (seconds < MINUTE) return 'just now';
  return `${duration(seconds)} ago`;
}

/**
 * The server's clock minus this browser's: time left is counted on the server's clock, so a laptop whose
 * clock is off does not show a wrong deadline.
 */
export function clockOffset(generatedAt: string, receivedAt: number): number {
  const server = Date.parse(generatedAt);
  return Number.isNaN(server) ? 0 : server - receivedAt;
}

/** A reason's weight as the CLI prints it: "+24", "-3", "+0.5". */
export function signedWeight(weight: number): string {
  const rounded = Math.round(weight * 10) / 10;
  return rounded >= 0 ? `+${rounded}` : `${rounded}`;
}

/** "repeat_contact_history" → "repeat contact history". */
export function signalLabel(signal: string): string {
  return signal.replaceAll('_', ' ');
}

/** A date and time in the reader's locale and time zone, with the zone named. */
export function when(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
