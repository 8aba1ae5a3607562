/** The command line, a config file or an environment variable asks for something that cannot be: exit 2. */
export class UsageError extends Error {}

/** A usage error in the config file: its message names the file, the line and the key, so the usage would add nothing. */
export class ConfigFileError extends UsageError {}

/** The run could not happen (exit 3): the target, Prism or a report path; nothing was learnt about the contract. */
export class CannotRunError extends Error {}
