import * as z from 'zod';
import { channelSchema } from '../contact.ts';

/** A senior person who can own heated cases. Loaded from a JSON file (`flashpoint roster load`). */
export const staffSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9._-]+$/i),
  name: z.string().min(1).max(200),
  channels: z.array(channelSchema).min(1),
  /** ISO 639-1 codes the person can reply in. */
  languages: z.array(z.string().min(2).max(8)).min(1),
  /** Topic names from functions/core/topics.ts, e.g. billing, delivery; empty = any. */
  topics: z.array(z.string()).default([]),
  /** Open cases the person can hold at once. */
  capacity: z.number().int().positive(),
  onShift: z.boolean(),
});
export type StaffMember = z.infer<typeof staffSchema>;

export const rosterFileSchema = z.object({ staff: z.array(staffSchema).min(1).max(1000) });

/** A staff member with the load the store keeps for them. */
export interface StaffLoad extends StaffMember {
  readonly openCases: number;
  readonly lastAssignedAt?: string;
}
