import { describe, expect, it } from 'vitest';
import { ago, clockOffset, duration, signedWeight, timeLeft } from '../../web/src/format.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

describe('time left on a deadline', () => {
  it.each([
    [42, '42 min left', false],
    [65, '1 h 5 min left', false],
    [120, '2 h left', false],
    [0.5, 'less than a minute left', false],
    [-12, 'overdue by 12 min', true],
    [-(26 * 60 + 30), 'overdue by 1 d 2 h', true],
    [3 * 24 * 60, '3 d left', false],
  ] as const)('%d min from now reads "%s"', (minutes, text, overdue) => {
    expect(timeLeft(at(minutes), NOW)).toEqual({ text, overdue });
  });

  it('says so when the deadline is not a date, instead of showing NaN', () => {
    expect(timeLeft('tomorrow-ish', NOW)).toEqual({ text: 'no valid deadline', overdue: false });
  });

  it('counts on the server clock: a browser 10 minutes slow still sees the real time left', () => {
    const browserNow = NOW - 10 * 60_000;
    const offset = clockOffset(new Date(NOW).toISOString(), browserNow);
    expect(offset).toBe(10 * 60_000);
    expect(timeLeft(at(30), browserNow + offset).text).toBe('30 min left');
    expect(clockOffset('not a date', browserNow)).toBe(0);
  });
});

describe('small formats', () => {
  it('rounds durations down to two units', () => {
    expect(duration(59)).toBe('less than a minute');
    expect(duration(3600 * 5 + 59)).toBe('5 h');
    expect(duration(-90)).toBe('1 min');
  });

  it('reads a past moment as "ago" and a future one (clock skew) as just now', () => {
    expect(ago(at(-5), NOW)).toBe('5 min ago');
    expect(ago(at(2), NOW)).toBe('just now');
  });

  it('signs reason weights the way the CLI prints them', () => {
    expect(signedWeight(24)).toBe('+24');
    expect(signedWeight(-3)).toBe('-3');
    expect(signedWeight(0.46)).toBe('+0.5');
  });
});
