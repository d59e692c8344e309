//! The one test binary of this sample: the precedence table and the configuration errors (no
//! server needed), and end-to-end connections from profiles to a real dev server. The sample has
//! no workflow of its own (it connects hello_activity's), so no replay test.

mod end_to_end;
mod precedence;
