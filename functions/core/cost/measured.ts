/**
 * DynamoDB capacity per message as last measured: capacity.json, written by `node --import tsx
 * bench/capacity.ts` (also part of `npm run bench`). Parsed here so a hand-edited or stale file fails
 * loudly instead of pricing nonsense.
 */
import * as z from 'zod';
import raw from './capacity.json' with { type: 'json' };

const scenario = z.object({
  messages: z.number().int().positive(),
  chars: z.number().nonnegative(),
  readUnits: z.number().nonnegative(),
  writeUnitsTable: z.number().nonnegative(),
  writeUnitsIndexes: z.number().nonnegative(),
  storedBytesPerMessage: z.number(),
});

export const capacityFiguresSchema = z.object({
  /** ISO time of the run. */
  measured: z.string(),
  /** What produced the file, to re-run it. */
  command: z.string(),
  commit: z.string(),
  /** The message mix the per-message figures are for (bench/lib/messages.ts). */
  mix: z.object({
    /** Arrival rate simulated: at a steady 1 M a month no topic spikes, so no contact is linked to an incident. */
    messagesPerMonth: z.number().positive(),
    chars: z.number().positive(),
    repeatShare: z.number().min(0).max(1),
    emailShare: z.number().min(0).max(1),
  }),
  /** Brand-wide spike incidents the run opened: 0 means no contact's writes include linking to one. */
  incidentsOpened: z.number().int().nonnegative(),
  /** Read request units per message, at least 1 per key or query asked for (a miss may still be billed). */
  readsPerMessage: z.number().nonnegative(),
  /** Write request units per message on the table and its GSIs, at the mix. */
  writesPerMessage: z.number().positive(),
  /** Extra write units per 1,000 more characters: ~1,000-character chats and posts against ~100-character ones. */
  writesPerThousandChars: z.number(),
  /** Table + GSI bytes per message stored, at the mix. */
  storedBytesPerMessage: z.number().positive(),
  storedBytesPerChar: z.number(),
  scenarios: z.object({
    firstShort: scenario,
    firstLong: scenario,
    firstMail: scenario,
    repeatShort: scenario,
    mix: scenario,
  }),
});
export type CapacityFigures = z.infer<typeof capacityFiguresSchema>;

export const CAPACITY: CapacityFigures = capacityFiguresSchema.parse(raw);
