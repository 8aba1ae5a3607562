import { createCoordParkingClient } from 'coord-parking';
import { responseValidation } from 'coord-parking/validation';
import { sandboxHandlers, TEST_USER } from 'coord-parking-testing/msw';
import { setupWorker } from 'msw/browser';

// Run this before the app's first request: the sandbox lives in the page (a reload starts it
// afresh), and msw's service worker hands it every request to the Coord API's base URL.
export const sandbox = await sandboxHandlers();
export const worker = setupWorker(...sandbox.handlers);
await worker.start({ onUnhandledRequest: 'bypass', quiet: true }); // the app's other requests go on as usual

// The client keeps its default base URL. A test user may simulate the gate's scan.
export const coord = createCoordParkingClient({
  accessKey: sandbox.accessKey,
  userToken: () => sandbox.mintToken(TEST_USER), // fresh per request, as with Coord's hourly tokens
  validateResponses: responseValidation('strict'),
});
