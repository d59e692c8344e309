//! Not part of the lesson: what makes `mtls` runnable and checkable without outside
//! services. Skip it on a first read.

pub mod front;
