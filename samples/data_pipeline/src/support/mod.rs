//! Not part of the lesson: what makes `data_pipeline` runnable and checkable without outside
//! services. Skip it on a first read.

pub mod fixture;
