//! The record loader: where the records come from (here, made up).

use std::sync::Arc;

use temporalio_macros::activities;
use temporalio_sdk::{
    ApplicationFailure,
    activities::{ActivityContext, ActivityError},
};

use crate::{GetRecordsInput, GetRecordsOutput, SingleRecord};

// ANCHOR: lesson
/// Loads records from an external source; the sample pretends there are `record_count`.
#[derive(Debug, Clone, Copy)]
pub struct RecordLoader {
    /// How many records exist (Python's worker: 90).
    pub record_count: u64,
}

#[activities]
impl RecordLoader {
    /// How many records there are, to partition the work.
    #[activity(name = "get_record_count")]
    pub async fn get_record_count(
        self: Arc<Self>,
        _ctx: ActivityContext,
    ) -> Result<u64, ActivityError> {
        Ok(self.record_count)
    }

    /// One page of records: from `offset`, at most `page_size`, before `max_offset`.
    #[activity(name = "get_records")]
    pub async fn get_records(
        self: Arc<Self>,
        _ctx: ActivityContext,
        input: GetRecordsInput,
    ) -> Result<GetRecordsOutput, ActivityError> {
        if input.max_offset > self.record_count {
            // A caller bug, not an outage: retrying cannot help.
            return Err(ActivityError::application(
                ApplicationFailure::builder(anyhow::anyhow!(
                    "max_offset({}) > record_count({})",
                    input.max_offset,
                    self.record_count
                ))
                .type_name("ValueError".to_owned())
                .non_retryable(true)
                .build(),
            ));
        }
        let limit = (input.offset + u64::from(input.page_size)).min(input.max_offset);
        Ok(GetRecordsOutput {
            records: (input.offset..limit)
                .map(|id| SingleRecord {
                    id,
                    max_processing_ms: None,
                })
                .collect(),
        })
    }
}
// ANCHOR_END: lesson
