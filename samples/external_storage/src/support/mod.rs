//! Not part of the lesson: opening a store from `--store`, the generated order data, and the
//! report of what the server stored.

pub mod report;
pub mod sample_data;
pub mod store;
