/**
 * `coord-parking/validation`: response validation against the contract, as a plugin for the
 * client. Kept apart from the client's entry so that the compiled validators are bundled only
 * by apps that ask for them.
 */
export { responseValidation, type ResponseValidationOptions, type ValidationMode } from './client/response-validation.ts';
export type { ResponseValidation } from './client/validation-plugin.ts';
