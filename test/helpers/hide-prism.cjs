// Preloaded with `node --require` by tests: Prism's package cannot be resolved in this process, as
// on a machine where the optional peer dependency was never installed (node_modules stays intact).
const Module = require('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@stoplight/prism-cli')) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};
