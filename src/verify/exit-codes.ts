/** What `coord-parking` exits with, so CI can tell a broken contract from a run that could not happen. */
export const EXIT_CODES = {
  held: { code: 0, meaning: 'every check held' },
  broken: { code: 1, meaning: 'the contract is broken: at least one check failed' },
  usage: { code: 2, meaning: 'usage or config error: a bad flag, config file or environment variable' },
  cannotRun: {
    code: 3,
    meaning:
      'no verdict: the run could not happen (target unreachable, Prism missing, a report path not writable, an unexpected failure), --max-time stopped it before any check failed, or nothing could be checked (every test not covered on this target)',
  },
  interrupted: {
    code: 130,
    meaning: 'interrupted by SIGINT (Ctrl-C): the sessions made were ended and the reports written, but there is no verdict',
  },
  terminated: { code: 143, meaning: 'stopped by SIGTERM, likewise' },
} as const;
