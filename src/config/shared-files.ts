import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors/client-errors.js';
import { envVar, type Env } from './env.js';
import { parseIni, type IniSections } from './ini.js';

/** One profile's settings, credentials-file values over config-file values. */
export type Profile = Readonly<Record<string, string>>;

/** Where the shared files are. */
export interface SharedFilePaths {
  /** `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
  credentialsFile: string;
  /** `AWS_CONFIG_FILE`, else `~/.aws/config`. */
  configFile: string;
}

/** The profiles of both shared files, by profile name, the config file's `[sso-session name]` sections, and the paths they came from. */
export interface SharedFiles extends SharedFilePaths {
  profiles: ReadonlyMap<string, Profile>;
  ssoSessions: ReadonlyMap<string, Profile>;
}

/**
 * The home directory as the AWS SDKs find it: `HOME`, else `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`,
 * else the operating system's answer.
 *
 * @example homeDirectory({ HOME: '/home/me' }) // '/home/me'
 */
export function homeDirectory(env: Env = process.env): string {
  const drivePath = envVar(env, 'HOMEPATH');
  return envVar(env, 'HOME') ?? envVar(env, 'USERPROFILE') ?? (drivePath === undefined ? homedir() : (envVar(env, 'HOMEDRIVE') ?? 'C:') + drivePath);
}

/**
 * Where the shared `credentials` and `config` files are; a leading `~` means the home directory.
 *
 * @example sharedFilePaths({ AWS_CONFIG_FILE: '~/aws.ini' }, '/home/me').configFile // '/home/me/aws.ini'
 */
export function sharedFilePaths(env: Env = process.env, home: string = homeDirectory(env)): SharedFilePaths {
  const path = (name: string, fallback: string): string =>
    (envVar(env, name) ?? join('~', '.aws', fallback)).replace(/^~(?=$|[\\/])/, home);
  return {
    credentialsFile: path('AWS_SHARED_CREDENTIALS_FILE', 'credentials'),
    configFile: path('AWS_CONFIG_FILE', 'config'),
  };
}

/**
 * Reads and parses both shared files now, without the cache. A missing file is empty.
 *
 * @throws ConfigError when a file exists but cannot be read, or has a syntax error (file and line named).
 */
export function readSharedFiles(env: Env = process.env): SharedFiles {
  const paths = sharedFilePaths(env);
  const profiles = new Map<string, Record<string, string>>();
  const ssoSessions = new Map<string, Record<string, string>>();
  const merge = (into: Map<string, Record<string, string>>, name: string, settings: Map<string, string>): void => {
    // Without a prototype, so that nothing added to Object.prototype reads as a setting.
    into.set(name, Object.assign(Object.create(null) as Record<string, string>, into.get(name), Object.fromEntries(settings)));
  };
  for (const [section, settings] of readIni(paths.configFile)) {
    const name = configProfileName(section);
    if (name !== undefined) merge(profiles, name, settings);
    const session = /^sso-session\s+(.+)$/.exec(section)?.[1];
    if (session !== undefined) merge(ssoSessions, session, settings);
  }
  for (const [section, settings] of readIni(paths.credentialsFile)) merge(profiles, section, settings);
  return { ...paths, profiles, ssoSessions };
}

const cache = new Map<string, SharedFiles>();

/**
 * {@link readSharedFiles}, read once per pair of paths and then served from memory.
 * A failed read is not cached.
 */
export function loadSharedFiles(env: Env = process.env): SharedFiles {
  const { credentialsFile, configFile } = sharedFilePaths(env);
  const key = `${credentialsFile}\0${configFile}`;
  let files = cache.get(key);
  if (files === undefined) {
    files = readSharedFiles(env);
    cache.set(key, files);
  }
  return files;
}

/**
 * The profile to use: `explicit`, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
 *
 * @example resolveProfileName(undefined, { AWS_PROFILE: 'dev' }) // 'dev'
 */
export function resolveProfileName(explicit?: string, env: Env = process.env): string {
  return namedProfile(explicit, env) ?? 'default';
}

/** @internal The profile the caller or the environment named, if any (the `default` fallback is not a choice). */
export function namedProfile(explicit: string | undefined, env: Env): string | undefined {
  return explicit || envVar(env, 'AWS_PROFILE') || envVar(env, 'AWS_DEFAULT_PROFILE');
}

/** A profile's settings from both shared files (credentials file wins), or `undefined` if neither has it. */
export function loadProfile(name: string, env: Env = process.env): Profile | undefined {
  return loadSharedFiles(env).profiles.get(name);
}

/** The `region` setting of a profile, if the profile exists and sets one. */
export function profileRegion(name: string, env: Env = process.env): string | undefined {
  return loadProfile(name, env)?.['region'] || undefined;
}

/** Maps a config-file section to its profile: `[default]`, `[profile name]`; other sections are not profiles. */
function configProfileName(section: string): string | undefined {
  if (section === 'default') return section;
  return /^profile\s+(.+)$/.exec(section)?.[1];
}

function readIni(file: string): IniSections {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return new Map();
    throw new ConfigError(`cannot read ${file}: ${code ?? 'read failed'}`, { cause: error });
  }
  return parseIni(text, file);
}
