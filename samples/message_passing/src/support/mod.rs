//! Not part of the lesson: what the sample needs around it.

pub mod names;
