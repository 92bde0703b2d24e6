//! `sakip serve`: the engine behind a page on this machine or the office network.

use crate::lang::Lang;
use crate::serve::{new_token, serve, ServeSettings};
use crate::Error;
use clap::Args;
use std::net::IpAddr;

/// Flags of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on: 127.0.0.1 (this machine only) unless another is named
    /// (0.0.0.0 for the office network), which needs an access token.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The access token (default: one made at start and printed; always required off
    /// 127.0.0.1).
    #[arg(long)]
    pub token: Option<String>,
    /// The history folder (the stored years): the planners' trend on the page.
    #[arg(long, value_name = "DIR")]
    pub data: Option<std::path::PathBuf>,
    /// OPD registry: the history's OPDs followed across renamings and mergers.
    #[arg(long, value_name = "FILE")]
    pub opd_registry: Option<std::path::PathBuf>,
    /// The most bytes one request may upload.
    #[arg(long, default_value_t = 200 * 1024 * 1024)]
    pub max_upload_bytes: usize,
    /// Minutes an untouched session (and its files) is kept.
    #[arg(long, default_value_t = 60)]
    pub idle_minutes: u64,
}

/// Starts the server and serves until stopped (Ctrl-C).
///
/// # Errors
/// [`Error::Internal`] when the address cannot be bound or no token can be made.
pub(super) fn serve_command(args: ServeArgs, lang: Lang) -> Result<(), Error> {
    // Off loopback, a token always: one made here when none is given.
    let token = match (args.token, args.bind.is_loopback()) {
        (Some(token), _) => Some(token),
        (None, true) => None,
        (None, false) => {
            let token = new_token();
            if token.is_empty() {
                return Err(Error::Internal(
                    "no random numbers on this system: give --token".into(),
                ));
            }
            Some(token)
        }
    };
    let settings = ServeSettings {
        bind: args.bind,
        port: args.port,
        token: token.clone(),
        data: args.data,
        registry: args.opd_registry,
        max_upload_bytes: args.max_upload_bytes,
        idle: std::time::Duration::from_secs(args.idle_minutes * 60),
        lang,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(e.to_string()))?;
    runtime
        .block_on(serve(settings, |address| {
            let query = token
                .as_ref()
                .map(|t| format!("/?token={t}"))
                .unwrap_or_default();
            let open = lang.pick("Buka di peramban", "Open in a browser");
            say!("{open}: http://{address}{query}");
        }))
        .map_err(|e| Error::Internal(e.to_string()))
}
