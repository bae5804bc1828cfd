import { asyncScheduler } from 'rxjs';
import type { Fail } from './parse.js';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MIN_DURATION = 900;
const MAX_DURATION = 43_200;

/** @internal A role ARN as STS takes it; `fail` names where it came from. */
export function checkRoleArn(value: string, fail: Fail): string {
  if (!value.startsWith('arn:') || value.length < 20 || value.length > 2048) throw fail('must be a role ARN (arn:aws:iam::<account>:role/<name>)');
  return value;
}

/** @internal A role session name as STS takes it, or `rx-dynamodb-<epoch ms>` when none is given, as the AWS SDKs make one. */
export function roleSessionName(value: string | undefined, fail: Fail): string {
  if (value === undefined) return `rx-dynamodb-${asyncScheduler.now()}`;
  if (!SESSION_NAME.test(value)) throw fail('must be 2 to 64 letters, digits or + = , . @ _ -');
  return value;
}

/** @internal A profile's `duration_seconds`, as a number; STS allows 900 to 43200. */
export function durationSeconds(text: string | undefined, fail: Fail): number | undefined {
  if (text === undefined) return undefined;
  const seconds = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds >= MIN_DURATION && seconds <= MAX_DURATION)) {
    throw fail(`must be a whole number of seconds from ${MIN_DURATION} to ${MAX_DURATION}`);
  }
  return seconds;
}
