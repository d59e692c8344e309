//! The one test binary of this sample: end-to-end tests against a real dev server and the
//! replay test, as modules (one linked binary keeps the build small).

mod end_to_end;

samples_helper::replay_test!(at_least = 3, [worker_specific_task_queues::FileProcessing]);
