import converter from 'swagger2openapi';
import { openapiConvertVersion } from 'openapi-format';
import { SpecBuildError } from './errors.ts';
import type { JsonObject } from './json.ts';

/**
 * Swagger 2.0 → OpenAPI 3.0 with swagger2openapi (patching off: every repair is explicit in
 * repair.ts), then 3.0 → 3.1 with openapi-format (nullable, exclusive bounds, examples).
 */
export async function convertToOpenApi31(swagger: JsonObject): Promise<JsonObject> {
  let openapi30: Record<string, unknown>;
  try {
    ({ openapi: openapi30 } = await converter.convertObj(swagger, { patch: false, warnOnly: false }));
  } catch (error) {
    throw new SpecBuildError(`swagger2openapi refused the merged document: ${(error as Error).message}`);
  }
  const { data } = await openapiConvertVersion(openapi30, { convertTo: '3.1' });
  return data as JsonObject;
}
