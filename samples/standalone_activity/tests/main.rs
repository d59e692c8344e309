//! The one test binary of this sample: end-to-end tests against a real dev server. A standalone
//! activity has no workflow, so there is no workflow history to replay; the activity's own
//! record (status, attempts, outcome) is what the tests read back.

mod end_to_end;
