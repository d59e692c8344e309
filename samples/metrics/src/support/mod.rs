//! Not part of the lesson: what makes `metrics` runnable and checkable without outside
//! services. Skip it on a first read.

pub mod collector;
pub mod scrape;
