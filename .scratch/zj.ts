import { z } from 'zod';
import { chatPayloadSchema } from '../functions/core/channels/chat.ts';
import { socialPayloadSchema } from '../functions/core/channels/social.ts';
import { emailJsonSchema } from '../functions/core/channels/email.ts';
const u = z.union([emailJsonSchema, z.object({ rawMime: z.string().min(1).max(300000) })]);
console.log(JSON.stringify(z.toJSONSchema(socialPayloadSchema, { target: 'draft-4', io: 'input' }), null, 1));
console.log(JSON.stringify(z.toJSONSchema(u, { target: 'draft-4', io: 'input' })));
console.log(JSON.stringify(z.toJSONSchema(chatPayloadSchema, { target: 'draft-4', io: 'input' })));
