import { channelSchema } from '../contact.ts';
import * as z from '../zod.ts';

/** A senior person who can own heated cases. Loaded from a JSON file (`flashpoint roster load`). */
export const staffSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9._-]+$/i)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  channels: z.array(channelSchema).check(z.minLength(1)),
  /** ISO 639-1 codes the person can reply in. */
  languages: z.array(z.string().check(z.minLength(2), z.maxLength(8))).check(z.minLength(1)),
  /** Topic names from functions/core/topics.ts, e.g. billing, delivery; empty = any. */
  topics: z._default(z.array(z.string()), []),
  /** Open cases the person can hold at once. */
  capacity: z.number().check(z.int(), z.positive()),
  onShift: z.boolean(),
});
export type StaffMember = z.infer<typeof staffSchema>;

export const rosterFileSchema = z.object({
  staff: z.array(staffSchema).check(z.minLength(1), z.maxLength(1000)),
});

/** A staff member with the load the store keeps for them. */
export interface StaffLoad extends StaffMember {
  readonly openCases: number;
  readonly lastAssignedAt?: string;
}
