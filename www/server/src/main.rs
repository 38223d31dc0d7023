//! `cardseal-demo`: the two services of the cardseal demo, one process each.
//!
//! - `cardseal-demo shop` serves the checkout page and the npm package, stores orders in
//!   SQLite and relays the sealed card data, still sealed, to a processor (several take
//!   turns). It never holds the private key and never logs a request body.
//! - `cardseal-demo processor` holds the private key, opens each JWE with
//!   `cardseal-open` (freshness window, replay guard, shared through Redis when several
//!   run) and "authorises" it by the test rule in [`processor::DECLINE_NUMBER`], on an
//!   API listener of its own that answers the shop alone (its API key, a rate limit).
//!
//! Each listener prints `<name> listening on http://ADDR/` once bound (`shop`, and
//! `processor` for the card frame, then `processor API`), so a caller that asked for port
//! 0 learns the port.

mod args;
mod frame;
mod headers;
mod html;
mod processor;
mod ratelimit;
mod relay;
mod secret;
mod shop;
mod store;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cardseal-demo shop --listen ADDR --processor ADDR[,ADDR...] --processor-key-file FILE
      --data DIR --www DIR --pkg DIR --public-key FILE [--pin-kid THUMBPRINT]
      [--staff-password-file FILE] [--origin http(s)://HOST[:PORT]] [--frame-url URL]
  cardseal-demo processor --api-listen ADDR --api-key-file FILE --private-key FILE
      [--allow-world-readable-key] [--api-rate N] [--api-burst N] [--replay-store redis://HOST:PORT[/DB]]
      [--listen ADDR --frame-config FRAME.TOML]";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("shop") => args::Args::parse(&argv[1..]).and_then(|a| run(shop::main(a))),
        Some("processor") => args::Args::parse(&argv[1..]).and_then(|a| run(processor::main(a))),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cardseal-demo: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs a service on a single-threaded runtime until Ctrl-C or SIGTERM.
fn run(service: impl std::future::Future<Output = Result<(), String>>) -> Result<(), String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?
        .block_on(service)
}

/// Resolves when the process is asked to stop (Ctrl-C or SIGTERM).
pub async fn shutdown_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
}

/// Binds `addr` and announces the actual address on stdout.
pub async fn bind(name: &str, addr: &str) -> Result<tokio::net::TcpListener, String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("{name}: cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| format!("{name}: {e}"))?;
    println!("{name} listening on http://{local}/");
    Ok(listener)
}

#[cfg(test)]
mod tests {
    /// The README's "The demo's doors", its words joined by single spaces.
    fn doors_section() -> String {
        let readme = include_str!("../../../README.md");
        let start = readme.find("## The demo's doors").unwrap();
        let len = readme[start + 3..].find("\n## ").unwrap() + 3;
        readme[start..start + len]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_readme_names_only_options_that_exist_and_the_defaults_there_are() {
        let doors = doors_section();
        let options: Vec<&str> = doors
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .collect();
        assert!(options.len() >= 8, "{options:?}");
        for o in options {
            assert!(
                super::USAGE.contains(o),
                "the README names {o}, which is not an option"
            );
        }
        assert!(doors.contains(&format!(
            "(defaults {} and {})",
            super::processor::DEFAULT_RATE,
            super::processor::DEFAULT_BURST
        )));
        // make demo's ports, as the README gives them.
        let demo = include_str!("../../../scripts/demo.sh");
        assert!(doors.contains(
            "the frame on port 8081 and the API on 8280 (`API_PORT`, default `PORT`+200)"
        ));
        assert!(demo.contains("PORT=${PORT:-8080}"));
        assert!(demo.contains("PROCESSOR_PORT=${PROCESSOR_PORT:-$((PORT + 1))}"));
        assert!(demo.contains("API_PORT=${API_PORT:-$((PORT + 200))}"));
    }
}
