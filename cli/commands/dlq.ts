import { parseArgs } from 'node:util';
import { createSqsClient } from '../../functions/shared/clients.ts';
import { inspectLocalQueue } from '../../local/inspect-queue.ts';
import { clientSettings } from '../../local/replay.ts';
import { type Command, printJson, UsageError } from '../args.ts';
import { deadLetterView, formatDeadLetters } from '../dlq/dead-letter.ts';
import {
  ALERT_DELIVERY_NOT_RUNNING,
  queueNamed,
  queuesWithDeadLetters,
  redrivenPoisonNote,
} from '../dlq/dead-letter-queues.ts';
import { queueDepth, readQueue } from '../dlq/read-queue.ts';
import { redriveLocal, regionOfSqsArn, startAwsRedrive } from '../dlq/redrive.ts';
import { readStackFile } from '../stack-file.ts';

/** Read and put straight back: a `show` must leave the DLQ as it found it (bar one receive each). */
const SHOW_HIDE_SECONDS = 30;
const DEFAULT_SHOW_MAX = 100;

export const dlqCommand: Command = {
  usage:
    'dlq list | show QUEUE [--json] [--body] [--max N] | redrive QUEUE  [--stack PATH]   dead-letter queues: depth, reasons, redrive\n' +
    '  flashpoint dlq redrive --aws DLQ_ARN [--destination-arn ARN] [--max-per-second N]   in AWS: an SQS message move task',
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: 'string' },
        json: { type: 'boolean', default: false },
        body: { type: 'boolean', default: false },
        max: { type: 'string' },
        aws: { type: 'boolean', default: false },
        'destination-arn': { type: 'string' },
        'max-per-second': { type: 'string' },
      },
    });
    const [action, target] = positionals;
    if (action === 'redrive' && values.aws) {
      if (!target) throw new UsageError('redrive --aws needs the DLQ ARN');
      const maxPerSecond = values['max-per-second']
        ? positiveInteger(values['max-per-second'], '--max-per-second')
        : undefined;
      const sqs = createSqsClient({ region: regionOfSqsArn(target) });
      try {
        const handle = await startAwsRedrive(sqs, target, {
          ...(values['destination-arn'] ? { destinationArn: values['destination-arn'] } : {}),
          ...(maxPerSecond ? { maxPerSecond } : {}),
        });
        process.stdout.write(`started a message move task from ${target}: ${handle}\n`);
      } finally {
        sqs.destroy();
      }
      return;
    }

    const stack = readStackFile(values.stack);
    const sqs = createSqsClient(clientSettings(stack));
    try {
      switch (action) {
        case 'list': {
          const rows = [];
          for (const { name, queue } of queuesWithDeadLetters(stack)) {
            const url = queue.dlqUrl;
            rows.push({
              queue: name,
              deadLetterQueue: url.split('/').at(-1) ?? url,
              messages: await queueDepth(sqs, url),
            });
          }
          if (values.json) return printJson(rows);
          const width = Math.max(...rows.map((r) => r.queue.length), 'queue'.length);
          const dlqWidth = Math.max(...rows.map((r) => r.deadLetterQueue.length), 'dead-letter queue'.length);
          const line = (a: string, b: string, c: string) =>
            `${a.padEnd(width)}  ${b.padEnd(dlqWidth)}  ${c}\n`;
          process.stdout.write(line('queue', 'dead-letter queue', 'messages'));
          for (const r of rows) process.stdout.write(line(r.queue, r.deadLetterQueue, String(r.messages)));
          if (!stack.alertDelivery) process.stdout.write(`(${ALERT_DELIVERY_NOT_RUNNING})\n`);
          return;
        }
        case 'show': {
          const { name, queue } = queueNamed(stack, target);
          const max = values.max ? positiveInteger(values.max, '--max') : DEFAULT_SHOW_MAX;
          const dlqUrl = queue.dlqUrl;
          // A FIFO DLQ shows ReceiveMessage only each group's first message; the local server shows all.
          const messages = dlqUrl.endsWith('.fifo')
            ? (await inspectLocalQueue(dlqUrl)).slice(0, max)
            : await readQueue(sqs, dlqUrl, { hideSeconds: SHOW_HIDE_SECONDS, release: true, max });
          const views = messages
            .map((m) => deadLetterView(m, values.body))
            .sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? ''));
          if (values.json) return printJson(views);
          const hidden = values.body ? '' : '; bodies hidden (customer data), --body shows them';
          process.stdout.write(
            `${name} dead-letter queue: ${views.length} message(s)${views.length === max ? ` (first ${max}, --max for more)` : ''}${hidden}\n`,
          );
          if (views.length > 0) process.stdout.write(`${formatDeadLetters(views)}\n`);
          return;
        }
        case 'redrive': {
          const { name, queue } = queueNamed(stack, target);
          const { moved, rejectedBefore } = await redriveLocal(sqs, queue);
          process.stdout.write(
            `moved ${moved} message(s) from the ${name} dead-letter queue back to ${name}${redrivenPoisonNote(name, rejectedBefore)}\n`,
          );
          return;
        }
        default:
          throw new UsageError(
            action ? `unknown dlq action '${action}'` : 'dlq needs an action: list, show or redrive',
          );
      }
    } finally {
      sqs.destroy();
    }
  },
};

function positiveInteger(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1`);
  return n;
}
