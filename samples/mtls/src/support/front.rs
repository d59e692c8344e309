//! Not part of the lesson: the local nginx TLS front that plays the part of a TLS-terminating cluster.
//!
//! A real mTLS front for local runs and tests: nginx terminating TLS, requiring a client
//! certificate signed by our CA, and proxying gRPC to a Temporal dev server (which itself speaks
//! plain gRPC). This is how many self-hosted clusters put TLS in front of Temporal.

use std::{
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    process::Child,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

/// Environment variable naming the nginx binary; else `PATH`, else `/usr/sbin/nginx`.
pub const NGINX_ENV: &str = "NGINX_PATH";

/// A running nginx TLS front. Dropping it stops nginx.
#[derive(Debug)]
pub struct TlsFront {
    watchdog: Child,
    listen: SocketAddr,
    dir: PathBuf,
}

/// The nginx configuration: one server, TLS with mandatory client certificates, gRPC upstream.
fn config(dir: &Path, certs: &Path, listen: SocketAddr, upstream: &str) -> String {
    let d = dir.display();
    let c = certs.display();
    format!(
        r#"daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log notice;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server {{
        listen {listen} ssl http2;
        ssl_certificate {c}/server.crt;
        ssl_certificate_key {c}/server.key;
        # Mutual TLS: a client must present a certificate signed by this CA.
        ssl_client_certificate {c}/ca.crt;
        ssl_verify_client on;
        # Workers long-poll for tasks (about a minute); keep those requests open.
        grpc_read_timeout 300s;
        grpc_send_timeout 300s;
        client_max_body_size 0;
        location / {{
            grpc_pass grpc://{upstream};
        }}
    }}
}}
"#
    )
}

/// Finds nginx: `$NGINX_PATH`, else `PATH`, else Debian's `/usr/sbin/nginx`.
pub fn find_nginx() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(NGINX_ENV) {
        return Ok(PathBuf::from(path));
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("nginx"))
            .find(|p| p.is_file())
    });
    on_path
        .or_else(|| Some(PathBuf::from("/usr/sbin/nginx")).filter(|p| p.is_file()))
        .context("nginx not found: install it (Debian/Ubuntu: `apt-get install nginx`, macOS: `brew install nginx`) or set NGINX_PATH")
}

impl TlsFront {
    /// Starts nginx on `listen`, in front of the gRPC server at `upstream` (`host:port`), with
    /// the certificates in `certs` (as made by `gen-certs.sh`). Returns once it accepts
    /// connections.
    pub fn start(certs: &Path, listen: SocketAddr, upstream: &str) -> Result<Self> {
        for file in ["server.crt", "server.key", "ca.crt"] {
            let path = certs.join(file);
            if !path.is_file() {
                bail!(
                    "missing `{}`: generate certificates with `cargo run -p mtls gen-certs --out {}`",
                    path.display(),
                    certs.display()
                );
            }
        }
        let certs = certs.canonicalize()?;
        let nginx = find_nginx()?;
        let dir = std::env::temp_dir().join(format!(
            "mtls-front-{}-{}",
            std::process::id(),
            listen.port()
        ));
        std::fs::create_dir_all(&dir)?;
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config(&dir, &certs, listen, upstream))?;
        let log = std::fs::File::create(dir.join("stderr.log"))?;
        let conf_arg = conf.display().to_string();
        let prefix = format!("{}/", dir.display());
        let watchdog =
            samples_helper::process::spawn_watched(&nginx, &["-p", &prefix, "-c", &conf_arg], log)
                .with_context(|| format!("cannot start `{}`", nginx.display()))?;
        let mut front = Self {
            watchdog,
            listen,
            dir,
        };
        front.wait_until_listening()?;
        Ok(front)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.listen
    }

    fn wait_until_listening(&mut self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.watchdog.try_wait()? {
                bail!("nginx exited ({status}) before listening:\n{}", self.logs());
            }
            if TcpStream::connect_timeout(&self.listen, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "nginx did not listen on {} within 15 s:\n{}",
                    self.listen,
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn logs(&self) -> String {
        ["stderr.log", "error.log"]
            .iter()
            .filter_map(|f| std::fs::read_to_string(self.dir.join(f)).ok())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Stops nginx and removes its scratch directory.
    pub fn stop(&mut self) {
        drop(self.watchdog.stdin.take());
        let _ = self.watchdog.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.stop();
    }
}
