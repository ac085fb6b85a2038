/**
 * Test-only fault injection for the local pipeline. It plugs in only through the `decorate` hooks of
 * the local stack (`startLocalStack({ triage: { decorate }, intake: { decorate } })`), which the
 * Lambda entries never set: nothing here can run in AWS.
 *
 * Each wrapper asks `shouldInject(kind, key)`. The answer is a hash of (seed, kind, key, how many
 * times this kind was asked about this key), so a given message meets the same faults on the same
 * attempt whatever order the concurrent pollers happen to run in.
 */
import { InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { RequestThrottled } from '@aws-sdk/client-sqs';
import type { DeadLetters } from '../../functions/adapters/sqs/dead-letters.ts';
import type { CaseStore, ContactQueue, RoutingPublisher } from '../../functions/core/ports.ts';
import type { TextModel } from '../../functions/core/scoring/text-model.ts';
import type { IntakeHandlerDeps } from '../../functions/intake/create-handler.ts';
import type { TriageHandlerDeps } from '../../functions/triage/create-handler.ts';

/** Every fault, with where it strikes. Rates are per call of the wrapped port method. */
export const FAULTS = {
  storeThrottle: 'a CaseStore call throws ProvisionedThroughputExceededException before reaching DynamoDB',
  storeError: 'a CaseStore call throws InternalServerError before reaching DynamoDB',
  textModelThrottle: 'the text model throws ThrottlingException',
  textModelTimeout: 'the text model throws TimeoutError',
  publishFailure: 'SendMessage to the senior/normal queue fails (RequestThrottled); nothing is published',
  contactQueueFailure: 'SendMessage to the contacts queue fails (RequestThrottled); nothing is sent',
  deadLetterFailure: 'SendMessage of a poison message to its DLQ fails (RequestThrottled)',
  crashAfterSave: 'the handler dies right after saveDecision committed, before publishing',
  crashAfterPublish: 'the handler dies right after publishing, before markRouted',
  crashAfterMarkRouted: 'the handler dies after markRouted, before SQS deletes the message',
  crashAfterContactSend: 'the intake handler dies after sending the Contact, before SQS deletes the message',
  slow: 'the attempt stalls for slowMs (longer than the visibility timeout), so SQS redelivers meanwhile',
} as const;

export type FaultKind = keyof typeof FAULTS;
export const FAULT_KINDS = Object.keys(FAULTS) as FaultKind[];
export type FaultRates = Partial<Record<FaultKind, number>>;

/**
 * The soak's mix. One triage attempt meets some fault about a quarter of the time, so most messages
 * are retried at least once and about 1 in 1000 exhausts its 5 receives into the DLQ.
 */
export const SOAK_FAULT_RATES: FaultRates = {
  storeThrottle: 0.02,
  storeError: 0.01,
  textModelThrottle: 0.02,
  textModelTimeout: 0.01,
  publishFailure: 0.02,
  contactQueueFailure: 0.02,
  deadLetterFailure: 0.05,
  crashAfterSave: 0.03,
  crashAfterPublish: 0.03,
  crashAfterMarkRouted: 0.02,
  crashAfterContactSend: 0.02,
  slow: 0.004,
};

/** What a crashing Lambda looks like to SQS: the invocation ends without deleting the message. */
export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
}

/** One routing message that reached its queue, and whether an injected fault then kept it from being marked routed. */
export interface PublishRecord {
  /** The contact it routes (an escalation's own alertId, as escalations have no contact). */
  readonly subject: string;
  readonly caseId: string;
  readonly alertId?: string;
  /** True when a fault struck between this publish and markRouted, so a retry publishes it again. */
  interrupted: boolean;
}

export interface FaultInjectorOptions {
  readonly seed: number;
  readonly rates: FaultRates;
  /** How long `slow` stalls; make it longer than the queue's visibility timeout. */
  readonly slowMs: number;
  /** Injected for unit tests; real time otherwise. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export class FaultInjector {
  /** Switch every fault off (or on again) while the stack runs. */
  enabled = true;
  rates: FaultRates;
  readonly injected: Record<FaultKind, number>;
  /** Every publish that went through, for telling an at-least-once re-publish from a doubled alert. */
  readonly publishes: PublishRecord[] = [];
  private readonly asked = new Map<string, number>();
  private readonly sleep: (ms: number) => Promise<void>;
  /** The last publish per contact, so a fault in markRouted can mark it interrupted. */
  private readonly lastPublish = new Map<string, PublishRecord>();

  constructor(private readonly o: FaultInjectorOptions) {
    this.rates = { ...o.rates };
    this.injected = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  shouldInject(kind: FaultKind, key: string): boolean {
    const rate = this.rates[kind] ?? 0;
    if (!this.enabled || rate <= 0) return false;
    const id = `${kind}\u0000${key}`;
    const nth = this.asked.get(id) ?? 0;
    this.asked.set(id, nth + 1);
    if (unitHash(`${this.o.seed}\u0000${id}\u0000${nth}`) >= rate) return false;
    this.injected[kind]++;
    return true;
  }

  /** For `startLocalStack({ triage: { decorate } })`. */
  readonly decorateTriage = (deps: TriageHandlerDeps): TriageHandlerDeps => ({
    ...deps,
    store: this.store(deps.store),
    textModel: this.textModel(deps.textModel),
    publisher: this.publisher(deps.publisher),
    deadLetters: this.deadLetters(deps.deadLetters),
  });

  /** For `startLocalStack({ intake: { decorate } })`. */
  readonly decorateIntake = (deps: IntakeHandlerDeps): IntakeHandlerDeps => ({
    ...deps,
    contacts: this.contactQueue(deps.contacts),
    deadLetters: this.deadLetters(deps.deadLetters),
  });

  /** Every CaseStore method, present and future, can be throttled; the writes can also crash after committing. */
  private store(inner: CaseStore): CaseStore {
    return new Proxy(inner, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        return async (...args: unknown[]) => {
          const key = storeCallKey(property, args);
          try {
            this.dynamoFaults(property, key);
          } catch (error) {
            if (property === 'markRouted') this.interrupted(key);
            throw error;
          }
          const result = await method.apply(target, args);
          if (property === 'saveDecision' && result === 'saved' && this.shouldInject('crashAfterSave', key)) {
            throw new InjectedCrash(`injected crash after saveDecision of ${key}`);
          }
          if (property === 'markRouted' && this.shouldInject('crashAfterMarkRouted', key)) {
            throw new InjectedCrash(`injected crash after markRouted of ${key}`);
          }
          return result;
        };
      },
    });
  }

  private dynamoFaults(operation: string, key: string): void {
    const at = `${operation} ${key}`;
    const message = `injected fault in ${operation}`;
    if (this.shouldInject('storeThrottle', at)) {
      throw new ProvisionedThroughputExceededException({ message, $metadata: {} });
    }
    if (this.shouldInject('storeError', at)) throw new InternalServerError({ message, $metadata: {} });
  }

  private textModel<T extends TextModel>(inner: T): T {
    return intercept<TextModel, T>(inner, {
      scoreBatch: async (texts, language) => {
        const key = texts.join('\n');
        if (this.shouldInject('slow', `text ${key}`)) await this.sleep(this.o.slowMs);
        if (this.shouldInject('textModelThrottle', key)) {
          throw namedError('ThrottlingException', 'injected text-model throttle');
        }
        if (this.shouldInject('textModelTimeout', key)) {
          throw namedError('TimeoutError', 'injected text-model timeout');
        }
        return inner.scoreBatch(texts, language);
      },
    });
  }

  private publisher<T extends RoutingPublisher>(inner: T): T {
    return intercept<RoutingPublisher, T>(inner, {
      publish: async (message) => {
        // Escalations (the sweeper's) carry no contact; their alertId names them.
        const subject = 'contactId' in message ? message.contactId : message.alertId;
        if (this.shouldInject('publishFailure', subject)) {
          throw new RequestThrottled({ message: 'injected SendMessage failure (routing)', $metadata: {} });
        }
        await inner.publish(message);
        const record: PublishRecord = {
          subject,
          caseId: message.caseId,
          ...(message.kind !== 'normal' ? { alertId: message.alertId } : {}),
          interrupted: false,
        };
        this.publishes.push(record);
        this.lastPublish.set(subject, record);
        if (this.shouldInject('crashAfterPublish', subject)) {
          record.interrupted = true;
          throw new InjectedCrash(`injected crash after publishing for ${subject}`);
        }
      },
    });
  }

  private contactQueue<T extends ContactQueue>(inner: T): T {
    return intercept<ContactQueue, T>(inner, {
      send: async (contact) => {
        if (this.shouldInject('slow', `intake ${contact.id}`)) await this.sleep(this.o.slowMs);
        if (this.shouldInject('contactQueueFailure', contact.id)) {
          throw new RequestThrottled({ message: 'injected SendMessage failure (contacts)', $metadata: {} });
        }
        await inner.send(contact);
        if (this.shouldInject('crashAfterContactSend', contact.id)) {
          throw new InjectedCrash(`injected crash after sending ${contact.id} to triage`);
        }
      },
    });
  }

  private deadLetters<T extends DeadLetters>(inner: T): T {
    return intercept<DeadLetters, T>(inner, {
      reject: async (record, error) => {
        if (this.shouldInject('deadLetterFailure', record.messageId)) {
          throw new RequestThrottled({ message: 'injected SendMessage failure (DLQ)', $metadata: {} });
        }
        await inner.reject(record, error);
      },
    });
  }

  private interrupted(contactId: string): void {
    const record = this.lastPublish.get(contactId);
    if (record) record.interrupted = true;
  }
}

/**
 * `inner` with the given methods replaced. Everything else passes through bound to `inner`, so a
 * port that grows a method (or an adapter with extras, like a metered text model) keeps working.
 */
function intercept<Port extends object, T extends Port>(inner: T, overrides: Partial<Port>): T {
  return new Proxy(inner, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof Port];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The id a store call is about: the contact (or customer) it reads or writes. */
function storeCallKey(method: string, args: readonly unknown[]): string {
  if (method === 'saveDecision') {
    const decision = args[0] as { contact?: { id?: string } } | undefined;
    return decision?.contact?.id ?? '';
  }
  const id = args.find((a): a is string => typeof a === 'string');
  return id ?? '';
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** FNV-1a then the murmur3 finaliser: a uniform float in [0, 1) from a string, no state. */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}
