import * as z from './zod.ts';

/** The channels a message can arrive on; every adapter at the edge turns its own shape into a Contact. */
export const CHANNELS = ['email', 'chat', 'social'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/** Keys that identify a customer across channels. At least one is required to build a memory. */
export const identitySchema = z
  .object({
    email: z.optional(z.string().check(z.email(), z.toLowerCase())),
    handle: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    phone: z.optional(z.string().check(z.minLength(5), z.maxLength(32))),
    accountId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  })
  .check(
    z.refine((keys) => Object.values(keys).some((v) => v !== undefined), {
      message: 'at least one identity key (email, handle, phone or accountId) is required',
    }),
  );
export type Identity = z.infer<typeof identitySchema>;

/** What the author of a social post can reach and how fast the post is spreading. */
export const socialReachSchema = z.object({
  platform: z.string().check(z.minLength(1), z.maxLength(40)),
  followers: z.number().check(z.int(), z.nonnegative()),
  verified: z.boolean(),
  /** public post, a public reply, or a private direct message */
  visibility: z.enum(['post', 'reply', 'dm']),
  engagement: z.object({
    reposts: z.number().check(z.int(), z.nonnegative()),
    replies: z.number().check(z.int(), z.nonnegative()),
    likes: z.number().check(z.int(), z.nonnegative()),
    postedAt: z.string().check(z.iso.datetime({ offset: true })),
    readAt: z.string().check(z.iso.datetime({ offset: true })),
  }),
});
export type SocialReach = z.infer<typeof socialReachSchema>;

/** An earlier turn in the same conversation kept as context: agent turns are what was already tried. */
export const priorTurnSchema = z.object({
  role: z.enum(['customer', 'agent']),
  at: z.string().check(z.iso.datetime({ offset: true })),
  text: z.string().check(z.maxLength(20_000)),
});
export type PriorTurn = z.infer<typeof priorTurnSchema>;

/** Metadata of a file the customer attached (e-mail only); the content itself is never read or kept. */
export const attachmentSchema = z.object({
  filename: z.optional(z.string().check(z.maxLength(255))),
  mimeType: z.string().check(z.minLength(1), z.maxLength(200)),
  bytes: z.number().check(z.int(), z.nonnegative()),
});
export type AttachmentMeta = z.infer<typeof attachmentSchema>;

/** More attachments than this on one message are summarised by the first ones. */
export const MAX_ATTACHMENTS = 50;

/** The one shape every channel becomes. Parsed again wherever it crosses a queue. */
export const contactSchema = z.object({
  /** Deterministic: the same source message always yields the same id, so redelivery is harmless. */
  id: z.string().check(z.regex(/^c_[0-9a-f]{32}$/)),
  channel: channelSchema,
  sourceId: z.string().check(z.minLength(1), z.maxLength(512)),
  receivedAt: z.string().check(z.iso.datetime({ offset: true })),
  identity: identitySchema,
  displayName: z.optional(z.string().check(z.maxLength(200))),
  threadKey: z.string().check(z.minLength(1), z.maxLength(512)),
  subject: z.optional(z.string().check(z.maxLength(1000))),
  /** The customer's own words only: quoted replies, signatures and forwarding headers removed. */
  text: z.string().check(z.minLength(1), z.maxLength(50_000)),
  language: z.string().check(z.minLength(2), z.maxLength(8)),
  /** False when the text was too short or mixed for the detector to be sure. */
  languageConfident: z.boolean(),
  isPublic: z.boolean(),
  social: z.optional(socialReachSchema),
  priorTurns: z._default(z.array(priorTurnSchema).check(z.maxLength(500)), []),
  /** Optional and additive: absent on chat and social, and on contacts stored before it existed. */
  attachments: z.optional(z.array(attachmentSchema).check(z.maxLength(MAX_ATTACHMENTS))),
});
export type Contact = z.infer<typeof contactSchema>;
