//! `cardseal`: generate processor keys, inspect key files, seal and open cardseal v1
//! JWEs, build the card frame's release (`cardseal frame build`, from the
//! `cardseal-frame` crate), and audit the payment page (`cardseal audit`, from the `cardseal-audit` crate).
//! JSON goes in on stdin and comes out on stdout; a bad input gets one line on stderr and
//! a non-zero exit.

mod cli;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cardseal",
    version,
    about = "Seal and open cardseal v1 JWEs (RSA-OAEP-256 + A256GCM)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate an RSA key pair: private.pem (PKCS#8, mode 0600), public.pem, public.jwk.
    Keygen {
        /// directory to write the three files to (created if missing; files are never
        /// overwritten)
        #[arg(long)]
        out: PathBuf,
        /// modulus length
        #[arg(long, value_enum, default_value = "2048")]
        bits: cli::keygen::Bits,
    },
    /// Report the format, bits and kid of a key file (public or private; no secrets are
    /// printed).
    KeyInfo {
        /// the key file
        file: PathBuf,
    },
    /// Seal the fields JSON on stdin with a public key; prints {jwe, kid, summary}.
    Seal {
        /// the public key file (any form a merchant may paste)
        #[arg(long)]
        key: PathBuf,
        /// one JWE per field: `jwe` is then an object {field: jwe}
        #[arg(long)]
        per_field: bool,
    },
    /// Open one JWE per stdin line; prints one JSON line each. Exits 1 if any failed.
    Open {
        /// a private key file (PKCS#8 PEM, PKCS#1 PEM or private JWK); repeat for rotation
        #[arg(long = "key", required = true)]
        keys: Vec<PathBuf>,
        /// freshness window in seconds
        #[arg(long, default_value_t = cardseal_open::DEFAULT_MAX_AGE)]
        max_age: u64,
        /// a replay store shared with other `open` processes: redis://[USER:PASSWORD@]HOST:PORT[/DB],
        /// rediss://… (TLS) or redis+sentinel://HOST:PORT[,HOST:PORT…]/MASTER, with
        /// ?replicas=N&wait_ms=M&ca=FILE; or from $CARDSEAL_REPLAY_STORE, which keeps the
        /// password off the command line. Without it, replays are refused within this
        /// process only
        #[arg(
            long,
            value_name = "URL",
            env = "CARDSEAL_REPLAY_STORE",
            hide_env_values = true
        )]
        replay_store: Option<String>,
        /// use a private key file that every user of the machine may read (a test key);
        /// without it such a file is refused, as ssh refuses one
        #[arg(long)]
        allow_world_readable_key: bool,
    },
    /// The card frame of frame mode: `frame build` writes a release a key holder deploys
    /// (static files, nginx.conf, _headers).
    Frame {
        #[command(subcommand)]
        command: FrameCommand,
    },
    /// Watch the payment page's scripts and headers (PCI DSS 6.4.3, 11.6.1): snapshot,
    /// check, csp, collect.
    Audit {
        #[command(subcommand)]
        command: cardseal_audit::Command,
    },
}

#[derive(Subcommand)]
enum FrameCommand {
    /// Build the frame's release from frame.toml: a frame page per merchant, its JS, CSS,
    /// the package's bundle and wasm, the /key page, the JWKS, nginx.conf and _headers.
    /// Prints {kid, frames: {merchant: path}, files}.
    Build {
        /// the configuration (TOML: holder, locale, package, [key], [[merchant]])
        #[arg(long)]
        config: PathBuf,
        /// a new or empty directory to write the release to
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            // Usage errors too are one line.
            let text = e.to_string();
            let line: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
                .collect();
            eprintln!("cardseal: {}", line.join(" "));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Audit { command } => return cardseal_audit::run(command),
        Command::Keygen { out, bits } => cli::keygen::run(&out, bits),
        Command::KeyInfo { file } => cli::key_info::run(&file),
        Command::Frame {
            command: FrameCommand::Build { config, out },
        } => cli::frame::build(&config, &out),
        Command::Seal { key, per_field } => cli::seal::run(&key, per_field),
        Command::Open {
            keys,
            max_age,
            replay_store,
            allow_world_readable_key,
        } => cli::open::run(
            &keys,
            max_age,
            replay_store.as_deref(),
            allow_world_readable_key,
        ),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("cardseal: {e}");
            ExitCode::from(2)
        }
    }
}
