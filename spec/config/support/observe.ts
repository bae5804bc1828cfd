import { firstValueFrom, type Observable } from 'rxjs';

/** The error an Observable fails with; fails the test if it emits instead. */
export async function errorOf(source: Observable<unknown>): Promise<Error> {
  try {
    await firstValueFrom(source);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the Observable to fail');
}

/** A shell command running `script` with this Node binary (the script must not contain single quotes). */
export function nodeCommand(script: string): string {
  return `"${process.execPath}" -e '${script}'`;
}
