import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { filter, merge, type Subscription } from 'rxjs';
import { DynamoDB } from 'rx-dynamodb';

/** Logs retried attempts and slow calls from the client's hot streams, with their correlation ids. */
@Injectable()
export class SlowCallsLogger implements OnModuleInit, OnModuleDestroy {
  readonly #logger = new Logger('DynamoDB');
  #subscription: Subscription | undefined;

  constructor(@Inject(DynamoDB) private readonly db: DynamoDB) {}

  onModuleInit(): void {
    this.#subscription = merge(
      this.db.attempts$.pipe(filter((attempt) => attempt.willRetry)),
      this.db.measurements$.pipe(filter((call) => call.durationMs > 200)),
    ).subscribe((record) => this.#logger.warn(JSON.stringify(record)));
  }

  onModuleDestroy(): void {
    this.#subscription?.unsubscribe();
  }
}
