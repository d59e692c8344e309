//! Not part of the lesson: the starter playing "another process" for the demo.

pub mod other_process;
