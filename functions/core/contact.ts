import * as z from 'zod';

/** The channels a message can arrive on; every adapter at the edge turns its own shape into a Contact. */
export const CHANNELS = ['email', 'chat', 'social'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/** Keys that identify a customer across channels. At least one is required to build a memory. */
export const identitySchema = z
  .object({
    email: z.string().email().toLowerCase().optional(),
    handle: z.string().min(1).max(100).optional(),
    phone: z.string().min(5).max(32).optional(),
    accountId: z.string().min(1).max(64).optional(),
  })
  .refine((keys) => Object.values(keys).some((v) => v !== undefined), {
    message: 'at least one identity key (email, handle, phone or accountId) is required',
  });
export type Identity = z.infer<typeof identitySchema>;

/** What the author of a social post can reach and how fast the post is spreading. */
export const socialReachSchema = z.object({
  platform: z.string().min(1).max(40),
  followers: z.number().int().nonnegative(),
  verified: z.boolean(),
  /** public post, a public reply, or a private direct message */
  visibility: z.enum(['post', 'reply', 'dm']),
  engagement: z.object({
    reposts: z.number().int().nonnegative(),
    replies: z.number().int().nonnegative(),
    likes: z.number().int().nonnegative(),
    postedAt: z.string().datetime({ offset: true }),
    readAt: z.string().datetime({ offset: true }),
  }),
});
export type SocialReach = z.infer<typeof socialReachSchema>;

/** An earlier turn in the same conversation kept as context: agent turns are what was already tried. */
export const priorTurnSchema = z.object({
  role: z.enum(['customer', 'agent']),
  at: z.string().datetime({ offset: true }),
  text: z.string().max(20_000),
});
export type PriorTurn = z.infer<typeof priorTurnSchema>;

/** Metadata of a file the customer attached (e-mail only); the content itself is never read or kept. */
export const attachmentSchema = z.object({
  filename: z.string().max(255).optional(),
  mimeType: z.string().min(1).max(200),
  bytes: z.number().int().nonnegative(),
});
export type AttachmentMeta = z.infer<typeof attachmentSchema>;

/** More attachments than this on one message are summarised by the first ones. */
export const MAX_ATTACHMENTS = 50;

/** The one shape every channel becomes. Parsed again wherever it crosses a queue. */
export const contactSchema = z.object({
  /** Deterministic: the same source message always yields the same id, so redelivery is harmless. */
  id: z.string().regex(/^c_[0-9a-f]{32}$/),
  channel: channelSchema,
  sourceId: z.string().min(1).max(512),
  receivedAt: z.string().datetime({ offset: true }),
  identity: identitySchema,
  displayName: z.string().max(200).optional(),
  threadKey: z.string().min(1).max(512),
  subject: z.string().max(1000).optional(),
  /** The customer's own words only: quoted replies, signatures and forwarding headers removed. */
  text: z.string().min(1).max(50_000),
  language: z.string().min(2).max(8),
  /** False when the text was too short or mixed for the detector to be sure. */
  languageConfident: z.boolean(),
  isPublic: z.boolean(),
  social: socialReachSchema.optional(),
  priorTurns: z.array(priorTurnSchema).max(500).default([]),
  /** Optional and additive: absent on chat and social, and on contacts stored before it existed. */
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).optional(),
});
export type Contact = z.infer<typeof contactSchema>;
