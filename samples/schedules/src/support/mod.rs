//! Not part of the lesson: what the sample needs besides it (report formatting).

pub mod report;
