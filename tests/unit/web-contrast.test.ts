import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The colours the inbox's stylesheet declares on :root, by custom-property name. */
function palette(): Record<string, string> {
  const css = readFileSync(new URL('../../web/src/styles.css', import.meta.url), 'utf8');
  const root = css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {')));
  return Object.fromEntries([...root.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6});/gi)].map((m) => [m[1], m[2]]));
}

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const colours = palette();
const colour = (name: string) => {
  const value = colours[name];
  if (!value) throw new Error(`styles.css declares no --${name}`);
  return value;
};

describe('inbox colours meet WCAG AA', () => {
  // Text pairs need 4.5:1 (normal-size text).
  it.each([
    ['text', 'page'],
    ['text', 'surface'],
    ['muted', 'surface'],
    ['muted', 'page'],
    ['link', 'surface'],
    ['link', 'page'],
    ['badge-text', 'critical'],
    ['badge-text', 'hot'],
    ['badge-text', 'warm'],
    ['badge-text', 'calm'],
    ['badge-text', 'link'],
    ['header-text', 'header'],
    ['error-text', 'error-bg'],
    ['error-text', 'surface'],
    ['success-text', 'success-bg'],
    ['success-text', 'surface'],
    ['text', 'success-bg'],
    ['new-text', 'new-bg'],
  ])('text --%s on --%s is at least 4.5:1', (fg, bg) => {
    expect(contrast(colour(fg), colour(bg))).toBeGreaterThanOrEqual(4.5);
  });

  // Control borders, focus rings and the tier edge of each row need 3:1 against what surrounds them.
  it.each([
    ['control-border', 'surface'],
    ['focus', 'surface'],
    ['focus', 'page'],
    ['header-focus', 'header'],
    ['critical', 'surface'],
    ['hot', 'surface'],
    ['warm', 'surface'],
    ['calm', 'surface'],
  ])('--%s against --%s is at least 3:1', (fg, bg) => {
    expect(contrast(colour(fg), colour(bg))).toBeGreaterThanOrEqual(3);
  });

  it('reads the real stylesheet (a known pair has the ratio WCAG gives it)', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(Object.keys(colours).length).toBeGreaterThanOrEqual(20);
  });
});
