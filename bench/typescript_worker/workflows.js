// The benchmark's greeting workflow: one activity, a 10 s start-to-close timeout, as in the Rust
// and Python workers. Its type name is the exported function's name. The worker bundles this
// file (and the SDK's workflow runtime) when it starts, and runs it in a V8 isolate.
'use strict';

const { proxyActivities } = require('@temporalio/workflow');

const { bench_greet } = proxyActivities({ startToCloseTimeout: '10 seconds' });

async function BenchGreetingWorkflow(name) {
  return await bench_greet(name);
}

module.exports = { BenchGreetingWorkflow };
