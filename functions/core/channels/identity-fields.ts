import * as z from '../zod.ts';

/** Customer identity as the JSON channels send it. */
export const identityFields = z.object({
  name: z.optional(z.string().check(z.maxLength(200))),
  email: z.optional(z.string().check(z.email(), z.toLowerCase())),
  handle: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  phone: z.optional(z.string().check(z.minLength(5), z.maxLength(32))),
  accountId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
