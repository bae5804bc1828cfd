import type { Observable } from 'rxjs';
import type { Env } from '../env.js';

/** AWS credentials used to sign requests. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary credentials. */
  sessionToken?: string;
  /** When temporary credentials stop working; the cache refreshes them before then. */
  expiration?: Date;
}

/**
 * A function that produces credentials: a value, a Promise (the AWS SDK's `fromNodeProviderChain()`
 * fits) or an Observable, of which the first value is used.
 */
export type CredentialProvider = () => Observable<Credentials> | PromiseLike<Credentials> | Credentials;

/** Options of the credential helpers that read only the environment (`fromEnv`, `fromContainer`, `fromInstanceMetadata`). */
export interface EnvOptions {
  /** Environment to read instead of `process.env`. @default process.env */
  env?: Env | undefined;
}

/** Where a credential source looks (`fromSharedFiles`, `defaultCredentialChain`). */
export interface CredentialSourceOptions extends EnvOptions {
  /** Profile in the shared files; else `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, then `default`. */
  profile?: string | undefined;
}
