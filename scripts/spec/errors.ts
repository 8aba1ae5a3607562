/** A problem with the spec's inputs, worded for the person who has to fix the named file. */
export class SpecBuildError extends Error {
  override name = 'SpecBuildError';
}
