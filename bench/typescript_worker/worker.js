// The benchmark's greeting workload served by a TypeScript SDK worker (`@temporalio/worker`).
//
// `cargo xtask bench` starts it beside the Rust and Python workers and sends it the same load on
// the task queue it is given: `node worker.js --address HOST:PORT --task-queue QUEUE`. It prints
// the same ready line as the others once it polls, then serves until it is killed. Install its
// packages first: `npm ci` in this folder (the bench does it when `node_modules` is missing).
// `BENCH_WORKER_VARIANT=no-gzip` turns off the gRPC compression the SDK applies by default (as the
// Rust and Python workers do for the same setting), so the workers compare at equal settings.
'use strict';

const { DefaultLogger, NativeConnection, Runtime, Worker } = require('@temporalio/worker');
const activities = require('./activities');

function flag(name) {
  const at = process.argv.indexOf(name);
  if (at < 0 || at + 1 >= process.argv.length) {
    console.error(`error: ${name} is required (usage: node worker.js --address HOST:PORT --task-queue QUEUE)`);
    process.exit(2);
  }
  return process.argv[at + 1];
}

async function main() {
  const address = flag('--address');
  const taskQueue = flag('--task-queue');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const variant = process.env.BENCH_WORKER_VARIANT || 'default';
  if (variant !== 'default' && variant !== 'no-gzip') {
    console.error(`error: unknown BENCH_WORKER_VARIANT \`${variant}\` (default or no-gzip)`);
    process.exit(2);
  }
  const connection = await NativeConnection.connect({
    address,
    ...(variant === 'no-gzip' ? { grpcCompression: { codec: 'none' } } : {}),
  });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities,
  });
  const running = worker.run();
  console.log(`Worker ready: TypeScript SDK worker on ${taskQueue}`);
  await running;
}

main().catch((err) => {
  console.error(`error: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
