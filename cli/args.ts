import { readFileSync } from 'node:fs';
import { CHANNELS } from '../functions/core/contact.ts';
import type { ExplainChannel } from './explain.ts';

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export function readInput(path: string | undefined): string {
  if (!path) throw new UsageError('a FILE (or - for standard input) is required');
  return readFileSync(path === '-' ? 0 : path, 'utf8');
}

export function channelArg(value: string | undefined, allowText: boolean): ExplainChannel {
  const allowed: readonly string[] = allowText ? [...CHANNELS, 'text'] : CHANNELS;
  if (value === undefined) {
    if (allowText) return 'text';
    throw new UsageError('--channel is required');
  }
  if (!allowed.includes(value))
    throw new UsageError(`unknown channel '${value}' (expected ${allowed.join(', ')})`);
  return value as ExplainChannel;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A sub-command: gets the arguments after its name, writes to stdout, throws on failure. */
export interface Command {
  readonly usage: string;
  run(argv: string[]): Promise<void>;
}
