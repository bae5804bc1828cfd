/** The environment variables rx-dynamodb reads; `process.env` unless a caller passes its own. */
export type Env = Record<string, string | undefined>;

/**
 * Reads one variable (or one setting of a profile), treating an empty string as unset,
 * so `AWS_PROFILE=` means "no profile". Only own properties count: a name another library added to
 * `Object.prototype` (prototype pollution) is no setting, and cannot make the chain run a `credential_process`.
 *
 * @example envVar({ AWS_PROFILE: '' }, 'AWS_PROFILE') // undefined
 */
export function envVar(env: Env, name: string): string | undefined {
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  return value === undefined || value === '' ? undefined : value;
}
