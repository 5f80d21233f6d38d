/** Process exit codes of `skyport`; scripts can tell what went wrong without parsing text. */
export const ExitCode = {
  ok: 0,
  /** Anything unexpected (a bug, a file that cannot be read…). */
  failure: 1,
  /** Bad command line: unknown command or option, missing or invalid argument. */
  usage: 2,
  /** The API answered with an error status (4xx/5xx), including rejected logins. */
  api: 3,
  /** The API could not be reached or did not answer in time. */
  network: 4,
  /** Interrupted with Ctrl-C. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
