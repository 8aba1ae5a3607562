/**
 * A loopback HTTP server answering every request with one fixed body, run in a worker thread so
 * the benchmarked code has the main thread to itself. The worker is plain JavaScript, so it
 * needs no TypeScript loader.
 */
import { Worker } from 'node:worker_threads';

const WORKER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const payload = Buffer.from(workerData.body);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': workerData.contentType, 'content-length': payload.length }).end(payload));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

export async function startFixedServer(body: unknown, contentType = 'application/json') {
  const worker = new Worker(WORKER, { eval: true, workerData: { body: JSON.stringify(body), contentType } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { origin: `http://127.0.0.1:${port}`, close: () => worker.terminate() };
}
