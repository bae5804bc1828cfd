import { Body, Controller, Get, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { map, toArray, type Observable } from 'rxjs';
import { DynamoDB, items } from 'rx-dynamodb';
import { ORDERS_TABLE } from './orders.table.js';

/** An order as the API shows and stores it. */
export interface Order {
  customer: string;
  id: string;
  total: number;
}

/** Handlers return the client's cold Observables; Nest subscribes to them. */
@Controller('customers/:customer/orders')
export class OrdersController {
  constructor(@Inject(DynamoDB) private readonly db: DynamoDB) {}

  /** Every order of a customer, across all pages. */
  @Get()
  list(@Param('customer') customer: string): Observable<Order[]> {
    return this.db
      .query<Order>(ORDERS_TABLE, { keyConditionExpression: 'customer = :c', expressionAttributeValues: { ':c': customer } })
      .pipe(items(), toArray());
  }

  /** One order, or 404. */
  @Get(':id')
  get(@Param('customer') customer: string, @Param('id') id: string): Observable<Order> {
    return this.db.getItem<Order>(ORDERS_TABLE, { customer, id }).pipe(
      map((order) => {
        if (!order) throw new NotFoundException(`no order ${id}`);
        return order;
      }),
    );
  }

  /** Places an order once: placing the same id again fails the condition, which the module answers with 409. */
  @Post()
  place(@Param('customer') customer: string, @Body() body: { id: string; total: number }): Observable<Order> {
    const order: Order = { customer, id: String(body.id), total: Number(body.total) };
    return this.db.putItem(ORDERS_TABLE, order, { conditionExpression: 'attribute_not_exists(id)' }).pipe(map(() => order));
  }
}
