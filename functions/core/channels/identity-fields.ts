import * as z from 'zod';

/** Customer identity as the JSON channels send it. */
export const identityFields = z.object({
  name: z.string().max(200).optional(),
  email: z.string().email().toLowerCase().optional(),
  handle: z.string().min(1).max(100).optional(),
  phone: z.string().min(5).max(32).optional(),
  accountId: z.string().min(1).max(64).optional(),
});
