//! Not part of the lesson: opening the store a `--store` location names (a local directory, or an
//! S3 bucket with object_store's options), with clear errors for what is wrong.

use std::{collections::BTreeMap, path::PathBuf, str::FromStr, sync::Arc, time::Duration};

use object_store::{
    RetryConfig,
    aws::{AmazonS3Builder, AmazonS3ConfigKey},
    local::LocalFileSystem,
};

use crate::storage::{LOCAL_DRIVER, S3_DRIVER, Store};

/// Opens the store `location` names: `s3://bucket` (options are object_store's S3 settings,
/// `aws_endpoint=…`, `aws_access_key_id=…`, …, which override the `AWS_*` environment), or a
/// local directory (created if missing).
pub fn open(location: &str, options: &[(String, String)]) -> anyhow::Result<Store> {
    if let Some(rest) = location.strip_prefix("s3://") {
        let bucket = rest.trim_end_matches('/');
        anyhow::ensure!(
            !bucket.is_empty() && !bucket.contains('/'),
            "`{location}` is not an S3 bucket URL: use s3://<bucket>"
        );
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            // Fail within seconds when the store is down, instead of retrying for minutes.
            .with_retry(RetryConfig {
                max_retries: 2,
                retry_timeout: Duration::from_secs(10),
                ..Default::default()
            });
        let mut keys = BTreeMap::new();
        for (key, value) in options {
            let parsed = AmazonS3ConfigKey::from_str(key).map_err(|_| {
                anyhow::anyhow!(
                    "unknown S3 store option `{key}`: use object_store's names, such as \
                     aws_endpoint, aws_access_key_id, aws_secret_access_key, aws_region"
                )
            })?;
            keys.insert(key.as_str(), value.as_str());
            builder = builder.with_config(parsed, value);
        }
        // A plain-http endpoint (a local mock S3 or MinIO) is fine when asked for explicitly.
        let endpoint = keys
            .get("aws_endpoint")
            .or(keys.get("endpoint"))
            .map(|e| e.to_string())
            .or_else(|| std::env::var("AWS_ENDPOINT").ok());
        if endpoint.is_some_and(|e| e.starts_with("http://")) {
            builder = builder.with_allow_http(true);
        }
        let has_key = keys.contains_key("aws_access_key_id")
            || keys.contains_key("access_key_id")
            || std::env::var_os("AWS_ACCESS_KEY_ID").is_some();
        anyhow::ensure!(
            has_key || std::env::var_os("AWS_WEB_IDENTITY_TOKEN_FILE").is_some(),
            "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass \
             --store-option aws_access_key_id=… --store-option aws_secret_access_key=…"
        );
        let objects = builder
            .build()
            .map_err(|e| anyhow::anyhow!("cannot use the S3 store `{location}`: {e}"))?;
        return Ok(Store::new(Arc::new(objects), S3_DRIVER, bucket));
    }
    anyhow::ensure!(
        !location.contains("://") || location.starts_with("file://"),
        "unsupported store `{location}`: give a local directory or s3://<bucket>"
    );
    if let Some((key, _)) = options.first() {
        anyhow::bail!(
            "store option `{key}` applies to S3 stores only; `{location}` is a directory"
        );
    }
    let dir = PathBuf::from(location.trim_start_matches("file://"));
    std::fs::create_dir_all(&dir)
        .map_err(|e| anyhow::anyhow!("cannot create the store directory `{location}`: {e}"))?;
    let dir = dir
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("cannot use the store directory `{location}`: {e}"))?;
    let objects = LocalFileSystem::new_with_prefix(&dir)
        .map_err(|e| anyhow::anyhow!("cannot use the store directory `{location}`: {e}"))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Store::new(Arc::new(objects), LOCAL_DRIVER, &name))
}
