/**
 * zod's functional API (`zod/mini`) with English messages: what every schema a Lambda reaches is built with.
 * The classic API (`zod`) costs ~100 KB in each bundle that holds one classic schema (its methods, and the
 * JSON Schema generator they reach); zod/mini builds the same schemas, which parse alike and give the same
 * errors, for ~30 KB (BENCHMARKS.md, bundles). zod/mini loads no locale by itself, so without the line below
 * every message would read "Invalid input"; the CLI and the inbox may stay on classic `zod`.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());

export * from 'zod/mini';
