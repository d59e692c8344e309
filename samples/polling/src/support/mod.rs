//! Not part of the lesson: what makes `polling` runnable and checkable without outside
//! services. Skip it on a first read.

pub mod service;
