// swagger2openapi ships no types; this declares the one call the spec pipeline makes.
declare module 'swagger2openapi' {
  interface ConvertOptions {
    /** Fix small errors silently. The pipeline keeps this off: repairs are explicit. */
    patch?: boolean;
    warnOnly?: boolean;
  }
  interface ConvertResult {
    openapi: Record<string, unknown>;
  }
  const converter: { convertObj(swagger: object, options: ConvertOptions): Promise<ConvertResult> };
  export default converter;
}
