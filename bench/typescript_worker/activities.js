// The activity of the benchmark's greeting workload. An activity's type name in the TypeScript
// SDK is its key in the object the worker is given: `bench_greet`, as the Rust and Python workers
// name it.
'use strict';

module.exports = {
  async bench_greet(name) {
    return `Hello, ${name}!`;
  },
};
