import { asapScheduler, asyncScheduler, from, Subscription, type Subscriber } from 'rxjs';
import { BatchIncompleteError, MalformedResponseError } from '../../errors/client-errors.js';
import { keyId } from '../../input/key-identity.js';
import { runInTagScope, type Tags } from '../../instrumentation/tags.js';
import { marshallValue } from '../../marshall/marshall.js';
import { unmarshallOrRefuse } from '../../marshall/unmarshall.js';
import type { AttributeMap, Key } from '../../marshall/types.js';
import type { Item } from '../../operations/types.js';
import { readPlan, type BatchGetGroup, type BatchGetRequest, type BatchGetTableRequest } from '../batch-get-item.js';
import type { BatchContext } from '../batch-context.js';
import type { BatchPlan, BatchUnit } from '../batch-plan.js';
import { runBatches } from '../batch-runner.js';
import type { KeySchema } from '../key-schema.js';
import type { AutoBatchSettings } from '../../config/auto-batch-gets.js';

/** The calls one batch serves: one table, one set of read options. @internal */
export interface ReadGroup {
  readonly table: string;
  readonly schema: KeySchema;
  /** The table's entry of the request without `Keys`, its projection naming every key attribute. */
  readonly wire: Readonly<Record<string, unknown>>;
  /** The callers' read options, for the `unprocessed` of their errors. */
  readonly native: Readonly<Omit<BatchGetTableRequest, 'keys'>>;
  /** Key attributes the projection returns only to match items to keys: taken off each item. */
  readonly added: readonly string[];
}

/** One subscribed `getItem` call waiting in a batch. @internal */
export interface Waiter {
  readonly subscriber: Subscriber<unknown>;
  /** The key as the caller gave it. */
  readonly key: Key;
  /** The tag scope the caller subscribed in. */
  readonly scope: Readonly<Tags>;
}

/** One distinct key of a batch and the callers that asked for it. */
interface KeyEntry {
  readonly wire: AttributeMap;
  readonly waiters: Set<Waiter>;
}

/** One BatchGetItem response: what it returned, and the ids of the keys it handed back unprocessed. */
interface Response {
  groups: BatchGetGroup<Item>[];
  /** The table's items in wire form, in the order of the group's items: a key asked twice gives each caller its own item. */
  wires: readonly AttributeMap[];
  unprocessed: string[];
}

/** What one caller gets: its item (`undefined` when there is none), or an error. */
type Answer = { item: Item | undefined } | { error: unknown };

/** The scope of a batch whose callers subscribed in different tag scopes: its request carries the client's tags only. */
const MIXED: Readonly<Tags> = Object.freeze({});

/**
 * The `getItem` calls of one group that go in one BatchGetItem request: open while calls join it (until
 * its window ends or it holds `maxKeys` keys), then sent through the batch runner, which reads keys handed
 * back unprocessed again with backoff. Each caller gets its item, `undefined`, or the error that stopped the
 * batch; a caller that leaves takes its key out while the batch is open, and the last caller to leave a
 * sent batch aborts its request. @internal
 */
export class GetBatch {
  readonly #keys = new Map<string, KeyEntry>();
  #waiting = 0;
  #scope: Readonly<Tags> | undefined;
  #window: Subscription | undefined;
  #flight: Subscription | undefined;

  /** `closed` is called once the batch takes no more keys (sent, or every caller left while it was open). */
  constructor(
    private readonly group: ReadGroup,
    private readonly context: BatchContext,
    settings: AutoBatchSettings,
    private readonly closed: () => void,
  ) {
    const send = () => this.send();
    this.#window = settings.windowMs === 0 ? asapScheduler.schedule(send) : asyncScheduler.schedule(send, settings.windowMs);
  }

  /** Distinct keys in the batch. */
  get size(): number {
    return this.#keys.size;
  }

  /** Whether its request was sent. */
  get sent(): boolean {
    return this.#flight !== undefined;
  }

  /**
   * Whether a caller of the key with this id, subscribed in tag scope `scope`, can join it once sent: it holds the
   * key, not answered yet, was not given up (every caller left), and its request's tags are true of that caller too.
   */
  canJoin(id: string, scope: Readonly<Tags>): boolean {
    return this.#keys.has(id) && this.#flight?.closed !== true && (this.#scope === MIXED || this.#scope === scope);
  }

  /** Adds a caller of the key with this id (a key asked twice is read once); once sent, only one that {@link canJoin}. */
  add(id: string, wire: AttributeMap, waiter: Waiter): void {
    const entry = this.#keys.get(id);
    if (entry) entry.waiters.add(waiter);
    else this.#keys.set(id, { wire, waiters: new Set([waiter]) });
    this.#waiting++;
    this.#scope = this.#scope === undefined || this.#scope === waiter.scope ? waiter.scope : MIXED;
  }

  /** Takes out a caller that unsubscribed before it got its answer. */
  remove(id: string, waiter: Waiter): void {
    const entry = this.#keys.get(id);
    if (!entry?.waiters.delete(waiter)) return;
    this.#waiting--;
    if (this.#flight) {
      // Sent: the key stays, as the request holds it; nobody left means nothing to wait for.
      if (this.#waiting === 0) this.#flight.unsubscribe();
      return;
    }
    if (entry.waiters.size === 0) this.#keys.delete(id);
    if (this.#waiting === 0) {
      this.#window?.unsubscribe();
      this.closed();
    }
  }

  /** Sends the batch (once): in its callers' tag scope when they share one, else in none. */
  send(): void {
    if (this.#flight) return;
    this.#window?.unsubscribe();
    this.closed();
    const flight = (this.#flight = new Subscription());
    const { table, wire, native } = this.group;
    const units: BatchUnit<Key>[] = [];
    for (const [id, entry] of this.#keys) units.push({ table, id, wire: entry.wire, size: 0, native: entry.waiters.values().next().value!.key });
    const plan = readPlan<Item>(new Map([[table, { wire, native }]]), {});
    // Each response whole: which keys it handed back tells which of the others it found absent.
    const answered: BatchPlan<Key, BatchGetRequest, Response> = {
      ...plan,
      read: (body, origin) => {
        const { found, unprocessed, ...rest } = plan.read(body, origin);
        // The list plan.read has just read the items from (and so checked).
        const wires = (body['Responses'] as Record<string, AttributeMap[]> | undefined)?.[table] ?? [];
        return { ...rest, unprocessed, found: [{ groups: found, wires, unprocessed }] };
      },
    };
    runInTagScope(this.#scope === MIXED ? undefined : this.#scope, () =>
      flight.add(
        runBatches(from(units), answered, this.context).subscribe({
          next: ({ found }) => found.forEach((response) => this.#answered(response)),
          error: (error: unknown) => this.#stopped(error),
          complete: () => this.#answerAll(() => ({ item: undefined })),
        }),
      ),
    );
  }

  /**
   * Gives each item of a response to the callers of its key, then `undefined` to the callers of the keys it
   * neither returned nor handed back: every key not yet answered was in its request, as a batch fits in one.
   */
  #answered({ groups, wires, unprocessed }: Response): void {
    for (const group of groups) {
      for (let index = 0; index < group.items.length; index++) {
        const item = group.items[index]!;
        const id = this.#idOf(item);
        const entry = id === undefined ? undefined : this.#keys.get(id);
        if (id === undefined || !entry) {
          this.#flight?.unsubscribe();
          const error = new MalformedResponseError(`BatchGetItem returned an item of ${this.group.table} whose key was not asked for`, { action: 'BatchGetItem' });
          return this.#answerAll(() => ({ error }));
        }
        this.#keys.delete(id);
        // The first caller of the key takes the item read; any other gets its own, read again from the wire.
        let copies = 0;
        this.#answer(entry, () => ({ item: this.#withoutAdded(copies++ === 0 ? item : unmarshallOrRefuse<Item>(wires[index])) }));
      }
    }
    const left = new Set(unprocessed);
    for (const [id, entry] of this.#keys) {
      if (left.has(id)) continue;
      this.#keys.delete(id);
      this.#answer(entry, () => ({ item: undefined }));
    }
  }

  /** The item without the key attributes added to the callers' projection. */
  #withoutAdded(item: Item): Item {
    for (const name of this.group.added) delete item[name];
    return item;
  }

  /** The id of an item's key, or undefined when it lacks a key attribute. */
  #idOf(item: Item): string | undefined {
    const key: AttributeMap = {};
    for (const { name } of this.group.schema.attributes) {
      if (!Object.hasOwn(item, name)) return undefined;
      key[name] = marshallValue(item[name], name);
    }
    return keyId(this.group.table, key);
  }

  /**
   * The runner stopped: the callers not answered yet get its cause, the keys of the failed request and
   * those waiting to be read again. Without a cause DynamoDB kept handing keys back unprocessed: each such
   * caller gets a BatchIncompleteError of its own key.
   */
  #stopped(error: unknown): void {
    const cause = error instanceof BatchIncompleteError ? (error.cause as unknown) : error;
    this.#answerAll((waiter) => ({ error: cause ?? this.#unprocessed(waiter) }));
  }

  #unprocessed(waiter: Waiter): BatchIncompleteError {
    const { table, native } = this.group;
    const times = this.context.maxRetries + 1;
    return new BatchIncompleteError(`getItem on ${table} (batched into BatchGetItem): DynamoDB returned the key unprocessed ${times} times in a row without progress (see error.unprocessed)`, {
      action: 'BatchGetItem',
      unprocessed: { [table]: { ...native, keys: [waiter.key] } },
      processed: 0,
    });
  }

  /** Answers every caller still waiting. */
  #answerAll(answer: (waiter: Waiter) => Answer): void {
    const entries = [...this.#keys.values()];
    this.#keys.clear();
    for (const entry of entries) this.#answer(entry, answer);
  }

  /** Answers the callers of one key (each leaving the batch as it is answered). */
  #answer(entry: KeyEntry, answer: (waiter: Waiter) => Answer): void {
    const waiters = [...entry.waiters];
    entry.waiters.clear();
    this.#waiting -= waiters.length;
    for (const waiter of waiters) {
      const result = answer(waiter);
      if ('error' in result) waiter.subscriber.error(result.error);
      else {
        waiter.subscriber.next(result.item);
        waiter.subscriber.complete();
      }
    }
  }
}
