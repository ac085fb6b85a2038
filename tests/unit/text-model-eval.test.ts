import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../../scripts/lib/csv.ts';
import { loadSource } from '../../scripts/lib/datasets.ts';
import { labelMatcher } from '../../scripts/lib/label-match.ts';
import { fitPlatt, sigmoid } from '../../scripts/lib/logistic.ts';
import { auc, bestThreshold, confusionAt, fBeta, precision, recall } from '../../scripts/lib/metrics.ts';
import { mulberry32, shuffleInPlace } from '../../scripts/lib/prng.ts';
import { parseVaderLexicon, VADER_NOTICE } from '../../scripts/lib/vader-lexicon.ts';

describe('parseCsv', () => {
  it('splits plain fields and rows', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps commas, newlines and doubled quotes inside quoted fields', () => {
    const text = 'id,text\n1,"late, again"\n2,"line one\nline two"\r\n3,"she said ""no"""\n4,""\n';
    expect(parseCsv(text)).toEqual([
      ['id', 'text'],
      ['1', 'late, again'],
      ['2', 'line one\nline two'],
      ['3', 'she said "no"'],
      ['4', ''],
    ]);
  });

  it('handles CRLF, a byte-order mark, empty fields, blank lines and no final newline', () => {
    expect(parseCsv('\ufeffa,b\r\n,x\r\n\r\ny,')).toEqual([
      ['a', 'b'],
      ['', 'x'],
      ['y', ''],
    ]);
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    expect(parseCsv('5" screen,ok')).toEqual([['5" screen', 'ok']]);
  });

  it('maps rows to records by header, filling missing cells', () => {
    const { header, records } = parseCsvRecords('text,label\n"a, b",1\nc\n');
    expect(header).toEqual(['text', 'label']);
    expect(records).toEqual([
      { text: 'a, b', label: '1' },
      { text: 'c', label: '' },
    ]);
  });
});

describe('auc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 for all ties', () => {
    expect(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('counts the share of positive–negative pairs ranked right, ties as half', () => {
    // pairs (pos, neg): (0.8,0.1) ok, (0.8,0.5) ok, (0.4,0.1) ok, (0.4,0.5) wrong → 3/4
    expect(auc([0.1, 0.5, 0.4, 0.8], [0, 0, 1, 1])).toBe(0.75);
    // a tie between a positive and a negative counts half: (0.5,0.5) half, (0.9,0.5) ok → 0.75
    expect(auc([0.5, 0.5, 0.9], [0, 1, 1])).toBe(0.75);
  });

  it('is NaN with one class only and rejects mismatched lengths', () => {
    expect(auc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(() => auc([0.1], [1, 0])).toThrow();
  });
});

describe('precision, recall and thresholds', () => {
  const scores = [0.9, 0.8, 0.6, 0.4, 0.3, 0.1];
  const labels = [1, 0, 1, 1, 0, 0];

  it('counts a score at the threshold as a positive prediction', () => {
    const c = confusionAt(scores, labels, 0.6);
    expect(c).toEqual({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2 });
    expect(precision(c)).toBeCloseTo(2 / 3, 12);
    expect(recall(c)).toBeCloseTo(2 / 3, 12);
    expect(fBeta(c, 1)).toBeCloseTo(2 / 3, 12);
  });

  it('returns NaN precision when nothing is predicted positive', () => {
    const c = confusionAt(scores, labels, 2);
    expect(precision(c)).toBeNaN();
    expect(recall(c)).toBe(0);
    expect(fBeta(c)).toBe(0);
  });

  it('picks the threshold with the best F-beta', () => {
    // at 0.4: tp 3, fp 1 → F1 = 6/7, the best cut
    expect(bestThreshold(scores, labels, 1)).toBe(0.4);
    // recall-heavy beta still prefers 0.4 (full recall with one false positive)
    expect(bestThreshold(scores, labels, 2)).toBe(0.4);
    expect(bestThreshold([0.2, 0.9], [0, 1], 1)).toBe(0.9);
  });
});

describe('labelMatcher', () => {
  it('matches literal values, comma lists and numeric comparisons', () => {
    const m = labelMatcher(['Negative emotion', '1,2']);
    expect(m('Negative emotion')).toBe(true);
    expect(m('2')).toBe(true);
    expect(m('3')).toBe(false);
    const below = labelMatcher(['<-0.5']);
    expect(below('-0.75')).toBe(true);
    expect(below('-0.5')).toBe(false);
    expect(below('')).toBe(false);
    expect(below('n/a')).toBe(false);
    expect(labelMatcher(['>=3'])('3')).toBe(true);
  });
});

describe('training helpers', () => {
  it('mulberry32 repeats its sequence for a seed and shuffles deterministically', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const s1 = shuffleInPlace([1, 2, 3, 4, 5, 6], mulberry32(7));
    expect(shuffleInPlace([1, 2, 3, 4, 5, 6], mulberry32(7))).toEqual(s1);
    expect([...s1].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fitPlatt recovers a known scale and offset', () => {
    const random = mulberry32(3);
    const logits: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const z = random() * 8 - 4;
      logits.push(z);
      labels.push(random() < sigmoid(0.5 * z - 1) ? 1 : 0);
    }
    const { a, b } = fitPlatt(logits, labels);
    expect(a).toBeCloseTo(0.5, 1);
    expect(b).toBeCloseTo(-1, 1);
  });
});

describe('parseVaderLexicon', () => {
  it('keeps one-token words and the two emoticons the normaliser keeps, sorted', () => {
    const text = [
      ':(\t-1.9\t1.1\t[-2, -3]',
      ':)\t2.0\t1.2\t[2, 2]',
      'worst\t-3.1\t1.0\t[-4, -4]',
      "can't stand\t-2.0\t0.5\t[-2]",
      'abandon\t-1.9\t0.5\t[-2]',
      '8)\t1.9\t0.7\t[2]',
      'sooo\t1.0\t0.1\t[1]',
      'meh\t0\t0\t[0]',
      '',
    ].join('\n');
    const lexicon = parseVaderLexicon(text);
    expect(lexicon).toEqual({ abandon: -1.9, worst: -3.1, xxsadface: -1.9, xxsmileface: 2 });
    expect(Object.keys(lexicon)).toEqual(['abandon', 'worst', 'xxsadface', 'xxsmileface']);
    expect(VADER_NOTICE).toMatch(/Copyright \(c\) 2016 C\.J\. Hutto/);
  });
});

describe('twcs-replies (weak labels from the brand reply)', () => {
  it('labels an inbound tweet 1 after an apology, 0 after thanks, and skips the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flashpoint-twcs-'));
    try {
      mkdirSync(join(dir, 'twcs'));
      const rows = [
        'tweet_id,inbound,text,response_tweet_id,in_response_to_tweet_id',
        '1,True,@Air my bag is lost again,2,',
        '2,False,@1 So sorry to hear that. Please DM us.,,1',
        '3,True,@Air great crew today!,4,',
        '4,False,@3 Glad you enjoyed the flight!,,3',
        '5,True,@Air what time is boarding?,6,',
        '6,False,@5 Boarding starts at 7.,,5',
        '7,True,@Air no reply at all,,',
        '8,True,@Air mixed,9,',
        '9,False,"@8 Sorry about that, glad it worked out",,8',
        '10,True,@Air two replies,"11,12",',
        '11,False,@10 Let us check.,,10',
        '12,False,@10 We apologise for the delay.,,10',
      ];
      writeFileSync(join(dir, 'twcs/twcs_head5000_threads.csv'), `${rows.join('\n')}\n`);
      const labelled = loadSource(dir, 'twcs-replies').map((r) => [r.text, r.label]);
      expect(labelled).toEqual([
        ['@Air my bag is lost again', 1],
        ['@Air great crew today!', 0],
        ['@Air two replies', 1],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('complaints (human labels, with the domain training uses)', () => {
  it('keeps each tweet’s domain, de-duplicates by id and text, and drops conflicting duplicates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flashpoint-complaints-'));
    try {
      mkdirSync(join(dir, 'complaints'));
      const rows = [
        'tweet_id,text,is_complaint,domain',
        '1,@Air my bag is lost,1,transport',
        '2,just had lunch,0,random_tweet',
        '1,@Air same id again,1,transport',
        '3,@AIR My bag is lost!!,1,transport',
        '4,@Shop where is my order,1,retail',
        '5,where is my order?,0,retail',
        '6,,1,food',
      ];
      writeFileSync(join(dir, 'complaints/complaints.csv'), `${rows.join('\n')}\n`);
      const loaded = loadSource(dir, 'complaints').map((r) => [r.text, r.label, r.domain]);
      expect(loaded).toEqual([
        ['@Air my bag is lost', 1, 'transport'],
        ['just had lunch', 0, 'random_tweet'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
