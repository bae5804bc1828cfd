import { Refusal } from './path.js';

/** `String.prototype.isWellFormed` (Node >= 20), which the ES2022 lib typings do not declare yet. */
interface WellFormedCheck {
  isWellFormed(): boolean;
}

/**
 * `text`, if UTF-8 can carry it unchanged: a lone UTF-16 surrogate would be replaced on the way, so it throws
 * a {@link Refusal} instead.
 *
 * @internal
 */
export function checkedText(text: string): string {
  if ((text as unknown as WellFormedCheck).isWellFormed()) return text;
  throw new Refusal(
    'the string has an unpaired UTF-16 surrogate, which UTF-8 cannot encode (it would become U+FFFD): ' +
      'fix the text, or call text.toWellFormed() to accept the replacement',
  );
}

/** `name` if DynamoDB accepts it as an attribute or map key name (not empty, well-formed); else a {@link Refusal}. @internal */
export function checkedName(name: string): string {
  if (name === '') throw new Refusal('DynamoDB refuses empty attribute names: rename the property');
  return checkedText(name);
}
