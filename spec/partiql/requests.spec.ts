import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import { batchExecuteStatementRequest, type BatchStatement } from '../../src/operations/batch-execute-statement.js';
import { executeStatementRequest, type ExecuteStatementOptions } from '../../src/operations/execute-statement.js';
import { executeTransactionRequest } from '../../src/operations/execute-transaction.js';
import type { ParameterizedStatement } from '../../src/operations/statement.js';

/** Matches the InvalidParameterError naming `parameter`, with `message` in its text. */
const refusal = (parameter: string, message: RegExp) => expect.objectContaining({ constructor: InvalidParameterError, parameter, message: expect.stringMatching(message) });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SELECT = 'SELECT * FROM "Orders" WHERE pk = ?';

describe('executeStatementRequest', () => {
  it('marshals native parameters in order and writes every option under its wire name', () => {
    const body = executeStatementRequest('INSERT INTO "Orders" VALUE {\'pk\': ?, \'total\': ?, \'tags\': ?, \'line\': ?, \'exact\': ?, \'blob\': ?, \'note\': ?}', {
      parameters: ['o1', 10n ** 20n, new Set(['a', 'b']), { sku: 'x', qty: 2, gift: false }, new NumberValue('0.1'), new Uint8Array([1, 2]), null],
      consistentRead: true,
      limit: 50,
      nextToken: 'token-1',
      returnConsumedCapacity: 'TOTAL',
      returnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(body).toEqual({
      Statement: 'INSERT INTO "Orders" VALUE {\'pk\': ?, \'total\': ?, \'tags\': ?, \'line\': ?, \'exact\': ?, \'blob\': ?, \'note\': ?}',
      Parameters: [
        { S: 'o1' },
        { N: '100000000000000000000' },
        { SS: ['a', 'b'] },
        { M: { sku: { S: 'x' }, qty: { N: '2' }, gift: { BOOL: false } } },
        { N: '0.1' },
        { B: 'AQI=' },
        { NULL: true },
      ],
      ConsistentRead: true,
      Limit: 50,
      NextToken: 'token-1',
      ReturnConsumedCapacity: 'TOTAL',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('sends the statement alone when there are no options', () => {
    expect(executeStatementRequest(SELECT)).toEqual({ Statement: SELECT });
  });

  // Each row: the statement, the options, the parameter the refusal must name, and a fragment of its message.
  const REFUSALS: [string, unknown, unknown, string, RegExp][] = [
    ['a statement that is not a string', 42, undefined, 'statement', /non-empty string, got a number/],
    ['an empty statement', '', undefined, 'statement', /non-empty string/],
    ['parameters that are not an array', SELECT, { parameters: 'o1' }, 'options.parameters', /must be an array of values, got a string/],
    ['an empty parameter list', SELECT, { parameters: [] }, 'options.parameters', /at least one value .* leave it out when the statement has no \?/],
    ['an undefined parameter', SELECT, { parameters: ['a', undefined] }, 'options.parameters[1]', /undefined cannot be a parameter .* pass null/],
    ['a hole in the parameters', SELECT, { parameters: ['a', , 'c'] }, 'options.parameters[1]', /undefined cannot be a parameter \(or the array has a hole here\)/],
    ['a NaN parameter', SELECT, { parameters: ['a', Number.NaN] }, 'options.parameters[1]', /NaN/],
    ['a Date parameter', SELECT, { parameters: [new Date(0)] }, 'options.parameters[0]', /Date is not a DynamoDB type/],
    ['a bad value deep in a parameter', SELECT, { parameters: [{ lines: [1, new Map()] }] }, 'options.parameters[0].lines[1]', /Map/],
    ['an unknown option', SELECT, { statement: 'x' }, 'options.statement', /unknown option; allowed: .*parameters/],
    ['a limit of zero', SELECT, { limit: 0 }, 'options.limit', /integer from 1/],
    ['an empty nextToken', SELECT, { nextToken: '' }, 'options.nextToken', /non-empty string/],
    ['consistentRead of the wrong type', SELECT, { consistentRead: 'yes' }, 'options.consistentRead', /true or false, got a string/],
    ['returnValuesOnConditionCheckFailure out of the enum', SELECT, { returnValuesOnConditionCheckFailure: 'ALL_NEW' }, 'options.returnValuesOnConditionCheckFailure', /one of ALL_OLD, NONE/],
    ['options that are not an object', SELECT, 'x', 'options', /must be an object, got a string/],
  ];

  it.each(REFUSALS)('refuses %s', (_, statement, options, parameter, message) => {
    expect(() => executeStatementRequest(statement as string, options as ExecuteStatementOptions)).toThrow(refusal(parameter, message));
  });
});

describe('batchExecuteStatementRequest', () => {
  it('builds one wire statement per statement, in order', () => {
    const body = batchExecuteStatementRequest(
      [
        { statement: SELECT, parameters: ['o1'], consistentRead: true },
        { statement: 'SELECT * FROM "Orders" WHERE pk = \'o2\'' },
      ],
      { returnConsumedCapacity: 'TOTAL' },
    );
    expect(body).toEqual({
      Statements: [{ Statement: SELECT, Parameters: [{ S: 'o1' }], ConsistentRead: true }, { Statement: 'SELECT * FROM "Orders" WHERE pk = \'o2\'' }],
      ReturnConsumedCapacity: 'TOTAL',
    });
  });

  it('takes 25 statements in one request', () => {
    const statements = Array.from({ length: 25 }, (_, i) => ({ statement: SELECT, parameters: [`o${i}`] }));
    expect((batchExecuteStatementRequest(statements)['Statements'] as unknown[]).length).toBe(25);
  });

  const REFUSALS: [string, unknown, string, RegExp, object?][] = [
    ['statements that are not an array', { statement: SELECT }, 'statements', /must be an array of 1 to 25 statements, got an object/],
    ['no statements', [], 'statements', /must hold 1 to 25 statements, got 0/],
    ['26 statements (not split: a split batch could fail half-applied)', Array.from({ length: 26 }, () => ({ statement: SELECT, parameters: ['a'] })), 'statements', /must hold 1 to 25 statements, got 26/],
    ['a statement that is a string', [SELECT], 'statements[0]', /must be an object, got a string/],
    ['a statement without its text', [{ statement: SELECT, parameters: ['a'] }, { parameters: ['b'] }], 'statements[1].statement', /is required/],
    ['a misspelled field', [{ statment: SELECT }], 'statements[0].statment', /unknown option; allowed: statement, parameters, returnValuesOnConditionCheckFailure, consistentRead/],
    ['a field of ExecuteStatement only', [{ statement: SELECT, limit: 1 }], 'statements[0].limit', /unknown option/],
    ['a bad parameter', [{ statement: SELECT, parameters: [() => 1] }], 'statements[0].parameters[0]', /function/],
    ['consistentRead of the wrong type', [{ statement: SELECT, consistentRead: 1 }], 'statements[0].consistentRead', /true or false/],
    ['an unknown option', [{ statement: SELECT }], 'options.clientRequestToken', /unknown option; allowed: returnConsumedCapacity/, { clientRequestToken: 'x' }],
  ];

  it.each(REFUSALS)('refuses %s', (_, statements, parameter, message, options) => {
    expect(() => batchExecuteStatementRequest(statements as BatchStatement[], options)).toThrow(refusal(parameter, message));
  });
});

describe('executeTransactionRequest', () => {
  const STATEMENTS: ParameterizedStatement[] = [
    { statement: 'UPDATE "Accounts" SET balance = balance - ? WHERE id = ? AND balance >= ?', parameters: [10, 'a', 10], returnValuesOnConditionCheckFailure: 'ALL_OLD' },
    { statement: 'UPDATE "Accounts" SET balance = balance + ? WHERE id = ?', parameters: [10, 'b'] },
  ];

  it('builds the statements in order, with a new token per request unless one is given', () => {
    const body = executeTransactionRequest(STATEMENTS, { returnConsumedCapacity: 'TOTAL' });
    expect(body).toEqual({
      TransactStatements: [
        { Statement: STATEMENTS[0]!.statement, Parameters: [{ N: '10' }, { S: 'a' }, { N: '10' }], ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
        { Statement: STATEMENTS[1]!.statement, Parameters: [{ N: '10' }, { S: 'b' }] },
      ],
      ReturnConsumedCapacity: 'TOTAL',
      ClientRequestToken: expect.stringMatching(UUID),
    });
    expect(executeTransactionRequest(STATEMENTS)['ClientRequestToken']).not.toBe(body['ClientRequestToken']);
    expect(executeTransactionRequest(STATEMENTS, { clientRequestToken: 'transfer-7' })['ClientRequestToken']).toBe('transfer-7');
  });

  it('takes 100 statements', () => {
    expect(() => executeTransactionRequest(Array.from({ length: 100 }, () => STATEMENTS[1]!))).not.toThrow();
  });

  const REFUSALS: [string, unknown, string, RegExp, object?][] = [
    ['no statements', [], 'statements', /must hold 1 to 100 statements, got 0/],
    ['101 statements', Array.from({ length: 101 }, () => ({ statement: 'x' })), 'statements', /must hold 1 to 100 statements, got 101/],
    ['consistentRead, which a transaction does not take', [{ statement: 'x', consistentRead: true }], 'statements[0].consistentRead', /unknown option; allowed: statement, parameters, returnValuesOnConditionCheckFailure$/],
    ['an undefined parameter', [{ statement: 'x ?', parameters: [undefined] }], 'statements[0].parameters[0]', /undefined cannot be a parameter/],
    ['a token over 36 characters', [{ statement: 'x' }], 'options.clientRequestToken', /1 to 36 characters, got 37/, { clientRequestToken: 'x'.repeat(37) }],
    ['a token of the wrong type', [{ statement: 'x' }], 'options.clientRequestToken', /non-empty string, got a number/, { clientRequestToken: 7 }],
    ['an unknown option', [{ statement: 'x' }], 'options.returnItemCollectionMetrics', /unknown option; allowed: returnConsumedCapacity, clientRequestToken/, { returnItemCollectionMetrics: 'SIZE' }],
  ];

  it.each(REFUSALS)('refuses %s', (_, statements, parameter, message, options) => {
    expect(() => executeTransactionRequest(statements as ParameterizedStatement[], options)).toThrow(refusal(parameter, message));
  });
});
