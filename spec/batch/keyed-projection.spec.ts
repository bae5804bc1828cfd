import { describe, expect, it } from 'vitest';
import { keyedProjection } from '../../src/batch/auto-batch/projection.js';

describe('keyedProjection: a projection that returns the key attributes, for matching batch answers to keys', () => {
  it('leaves a projection that names every key attribute as it is, directly or through a placeholder', () => {
    expect(keyedProjection('pk, sk, n', undefined, ['pk', 'sk'])).toEqual({ projectionExpression: 'pk, sk, n', expressionAttributeNames: {}, added: [] });
    expect(keyedProjection(' #h ,#r.x, #r', { '#h': 'pk', '#r': 'sk' }, ['pk', 'sk'])).toMatchObject({ projectionExpression: ' #h ,#r.x, #r', added: [] });
  });

  it('adds each key attribute left out through a fresh placeholder, and says which it added', () => {
    expect(keyedProjection('n, a.b[0]', undefined, ['pk', 'sk'])).toEqual({
      projectionExpression: 'n, a.b[0], #key0, #key1',
      expressionAttributeNames: { '#key0': 'pk', '#key1': 'sk' },
      added: ['pk', 'sk'],
    });
    // Placeholders the caller uses are never taken; the caller's names stay as given.
    const names = { '#key0': 'n', '#key2': 'm' };
    expect(keyedProjection('#key0, #key2, sk', names, ['pk', 'sk'])).toEqual({
      projectionExpression: '#key0, #key2, sk, #key1',
      expressionAttributeNames: { '#key0': 'n', '#key2': 'm', '#key1': 'pk' },
      added: ['pk'],
    });
    expect(names).toEqual({ '#key0': 'n', '#key2': 'm' });
  });

  it('a placeholder the names do not define (or define only on Object.prototype) names nothing', () => {
    expect(keyedProjection('#x, #constructor', {}, ['pk'])).toMatchObject({ projectionExpression: '#x, #constructor, #key0', added: ['pk'] });
  });

  it('cannot add a key attribute the projection names only as part of a longer path: the paths would overlap', () => {
    expect(keyedProjection('pk.a, n', undefined, ['pk'])).toBeUndefined();
    expect(keyedProjection('#p[0]', { '#p': 'pk' }, ['pk'])).toBeUndefined();
    expect(keyedProjection('pk, pk.a', undefined, ['pk'])).toMatchObject({ added: [] });
  });
});
