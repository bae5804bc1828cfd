import type { CapacityLedger } from './capacity-ledger.js';

/** How much of the last estimate of units per element a new observation leaves (a moving average). */
const KEEP = 0.5;
/**
 * More elements than any request needs: no 1 MB page holds this many items. A slice's worth above it (a
 * budget far above what the table serves) leaves the request unbounded, rather than a `Limit` DynamoDB
 * would refuse as no integer (`2e+307`).
 */
const MAX_ELEMENTS = 1_000_000;

/**
 * Sizes one call's requests so that each costs about a slice of its budget's second (see
 * `CapacityLedger.sliceUnits`): from the units each element (an item evaluated, a key read, a write)
 * cost so far, on average, a request gets `slice / unitsPerElement` elements, at least 1 and at most
 * `max`. Before any response it assumes `initialUnitsPerElement`. Work per response, none per element.
 * @internal
 */
export class RequestSizer {
  /** Decayed sums of units and of elements observed. */
  #units = 0;
  #elements = 0;

  constructor(
    readonly ledger: CapacityLedger,
    readonly initialUnitsPerElement: number,
  ) {}

  /** Average units one element costs, as observed lately. */
  get unitsPerElement(): number {
    return this.#elements === 0 ? this.initialUnitsPerElement : this.#units / this.#elements;
  }

  /** Elements for the next request: a slice's worth, from 1 to `max` (`Infinity` when units per element is 0 and nothing bounds it). */
  size(max: number): number {
    const perElement = this.unitsPerElement;
    const fit = perElement > 0 ? Math.floor(this.ledger.sliceUnits() / perElement) : Infinity;
    return Math.max(1, Math.min(max, fit > MAX_ELEMENTS ? Infinity : fit));
  }

  /** What a request of `elements` is expected to cost, in units; the slice when it is unbounded. */
  estimate(elements: number): number {
    return Number.isFinite(elements) ? elements * this.unitsPerElement : this.ledger.sliceUnits();
  }

  /** A response said that `elements` cost `units` (never below 0: see `spend`). Responses of no element say nothing about elements. */
  observe(units: number, elements: number): void {
    if (elements === 0) return;
    this.#units = this.#units * KEEP + units;
    this.#elements = this.#elements * KEEP + elements;
  }
}
