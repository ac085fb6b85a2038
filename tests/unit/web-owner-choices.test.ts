import { describe, expect, it } from 'vitest';
import type { StaffView } from '../../functions/core/inbox/views.ts';
import { createApi } from '../../web/src/api.ts';
import { ownerChoices, staffLabel } from '../../web/src/owner-choices.ts';

const amara: StaffView = { id: 'amara', name: 'Amara Osei', languages: ['en', 'fr'], onShift: true };
const chen: StaffView = { id: 'chen', name: 'Chen Wei', languages: ['en', 'zh'], onShift: true };
const bruno: StaffView = { id: 'bruno', name: 'Bruno Silva', languages: ['pt'], onShift: false };

describe('who the reassign select offers', () => {
  it('offers the roster in the order the API gives, with names, languages and shift, the current owner not choosable', () => {
    expect(ownerChoices([amara, chen, bruno], ['amara'], 'amara')).toEqual([
      { id: 'amara', label: 'Amara Osei (amara) · en, fr (current owner)', current: true },
      { id: 'chen', label: 'Chen Wei (chen) · en, zh', current: false },
      { id: 'bruno', label: 'Bruno Silva (bruno) · pt · off shift', current: false },
    ]);
  });

  it('offers staff who own no open case yet: the roster, not the owners seen', () => {
    expect(ownerChoices([amara, chen], ['amara'], null).map((c) => c.id)).toEqual(['amara', 'chen']);
  });

  it('still shows a current owner who has left the roster', () => {
    expect(ownerChoices([chen], [], 'dora')).toEqual([
      { id: 'chen', label: 'Chen Wei (chen) · en, zh', current: false },
      { id: 'dora', label: 'dora (current owner)', current: true },
    ]);
  });

  it('falls back to the owners seen on open cases while the roster is not there', () => {
    expect(ownerChoices(undefined, ['chen', 'amara', 'chen'], 'amara')).toEqual([
      { id: 'amara', label: 'amara (current owner)', current: true },
      { id: 'chen', label: 'chen', current: false },
    ]);
  });

  it('labels someone without languages by name and id only', () => {
    expect(staffLabel({ id: 'x', name: 'X Y', languages: [], onShift: true })).toBe('X Y (x)');
  });
});

describe('the API client', () => {
  it('reads the roster from GET /api/staff', async () => {
    const urls: string[] = [];
    const api = createApi({
      base: '',
      authorization: () => 'token',
      onUnauthorized: () => {},
      fetch: async (input) => {
        urls.push(String(input));
        return new Response(JSON.stringify({ staff: [amara], generatedAt: '2026-11-25T12:00:00Z' }), {
          status: 200,
        });
      },
    });
    expect((await api.listStaff()).staff).toEqual([amara]);
    expect(urls).toEqual(['/api/staff']);
  });
});
