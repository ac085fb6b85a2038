/**
 * `npm start`: the whole pipeline on this machine against DynamoDB Local and fauxqs, replaying the
 * sample conversations, then running until Ctrl-C. `npm run demo`: the same replay, then exit.
 */
import { rmSync } from 'node:fs';
import { readRosterFile } from '../cli/commands/roster.ts';
import { LocalStackError } from './errors.ts';
import { DEFAULT_INBOX_PORT } from './http/inbox-server.ts';
import { DEFAULT_HTTP_PORT } from './http/intake-edge.ts';
import { freePort } from './ports.ts';
import { formatTable, replay } from './replay.ts';
import { SAMPLES } from './samples/conversations.ts';
import { DEFAULT_STACK_FILE, type LocalStack, startLocalStack, writeStackInfo } from './stack.ts';

// Node 20 is what this machine has; Lambda runs 22. The SDK's reminder would bury the demo table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const demo = process.argv.includes('--demo');
const out = (line = '') => process.stdout.write(`${line}\n`);

function portFrom(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new LocalStackError(`${variable}=${raw} is not a port number (0–65535)`);
  }
  return port;
}

/** Optional; a value that is not an http(s) URL stops the start with the variable's name. */
function webhookUrlFrom(variable: string): string | undefined {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return undefined;
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new LocalStackError(`${variable} is not an http(s) URL`);
  }
  return raw;
}

async function main(): Promise<void> {
  // The demo picks free ports so it can run beside a running `npm start`.
  const dynamodbPort = portFrom('FLASHPOINT_DYNAMODB_PORT', demo ? await freePort() : 8000);
  const sqsPort = portFrom('FLASHPOINT_SQS_PORT', demo ? 0 : 4566);
  const httpPort = portFrom('FLASHPOINT_HTTP_PORT', demo ? 0 : DEFAULT_HTTP_PORT);
  const inboxPort = portFrom('FLASHPOINT_INBOX_PORT', demo ? 0 : DEFAULT_INBOX_PORT);
  const logFile = process.env.FLASHPOINT_LOG_FILE ?? '.local/pipeline.log';
  const alertWebhookUrl = webhookUrlFrom('FLASHPOINT_ALERT_WEBHOOK_URL');
  rmSync(logFile, { force: true });
  out(`Starting DynamoDB Local (port ${dynamodbPort}) and fauxqs (port ${sqsPort || 'auto'})…`);
  const stack: LocalStack = await startLocalStack({
    dynamodbPort,
    sqsPort,
    httpPort,
    inboxPort,
    visibilityTimeoutSeconds: Number(process.env.FLASHPOINT_VISIBILITY_TIMEOUT ?? 5),
    logFile,
    roster: readRosterFile(process.env.FLASHPOINT_ROSTER ?? 'local/samples/roster.json'),
    ...(alertWebhookUrl ? { alertWebhookUrl } : {}),
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    if (!demo) rmSync(DEFAULT_STACK_FILE, { force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    if (!demo) writeStackInfo(DEFAULT_STACK_FILE, stack);
    out(`DynamoDB ${stack.dynamodbEndpoint} · SQS ${stack.sqsEndpoint} · handler logs in ${logFile}`);
    out(`HTTP intake ${stack.httpEndpoint}/v1/{email,chat,social} (docs/channels.md)`);
    out(`Inbox ${stack.inboxUrl} (the web page and its /api)`);
    // The address is a credential (anyone holding it can post to the channel): named, never printed.
    if (stack.alertDelivery)
      out('Alerts are also posted to the chat webhook in FLASHPOINT_ALERT_WEBHOOK_URL');
    out(`Replaying ${SAMPLES.length} sample messages…\n`);
    const result = await replay(stack, SAMPLES);
    out(formatTable(result.rows));
    out(`\n${result.briefs.length} case(s) on the senior queue, brief attached:\n`);
    for (const brief of result.briefs) out(`${brief}\n`);
    out(`${result.dlq.length} message(s) in dead-letter queues:`);
    for (const d of result.dlq) out(`  ${d.code}: ${d.reason}`);
    const unprocessed = result.rows.filter((r) => r.destination === 'NOT PROCESSED');
    if (demo) {
      if (unprocessed.length > 0)
        out(`\n${unprocessed.length} message(s) were neither processed nor dead-lettered`);
      await stop(unprocessed.length > 0 ? 1 : 0);
      return;
    }
    // In AWS an EventBridge schedule runs the sweeper; locally a timer does.
    const sweepSeconds = Number(process.env.FLASHPOINT_SWEEP_SECONDS ?? 60);
    setInterval(() => {
      stack.sweep().catch((error: unknown) => process.stderr.write(`sweeper: ${(error as Error).message}\n`));
    }, sweepSeconds * 1000).unref();
    out(`\nInbox: ${stack.inboxUrl} (open it in a browser; the demo's cases are there)`);
    out('\nThe stack is running. Try, in another terminal:');
    out('  npx flashpoint send --channel chat local/samples/chat-example.json');
    out('  npx flashpoint cases [--owner amara]');
    out('  npx flashpoint outcome CASE_ID --kind acknowledged --by amara');
    out('  npx flashpoint report');
    out(
      `  curl -H 'content-type: application/json' --data @local/samples/chat-example.json ${stack.httpEndpoint}/v1/chat`,
    );
    out('Ctrl-C stops everything this command started.');
  } catch (error) {
    process.stderr.write(`flashpoint: ${(error as Error).message}\n`);
    await stop(1);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof LocalStackError ? error.message : (error as Error).stack;
  process.stderr.write(`flashpoint: ${message}\n`);
  process.exit(1);
});
