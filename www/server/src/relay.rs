//! The shop → processor relay: one HTTP/1.1 POST over a fresh loopback connection,
//! with hyper's client connection (no pool, no TLS: both services share the machine).

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::header::{CONTENT_TYPE, HOST};
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::time::Duration;

/// The most a processor answer may weigh.
const MAX_ANSWER: usize = 16 * 1024;

/// Posts `body` as JSON to `http://{addr}{path}`; returns the status and the body.
/// Any failure is one string fit for the shop's log (it never holds request data).
pub async fn post_json(addr: &str, path: &str, body: Vec<u8>) -> Result<(u16, Bytes), String> {
    tokio::time::timeout(Duration::from_secs(10), post(addr, path, body))
        .await
        .map_err(|_| "processor timed out".to_owned())?
}

async fn post(addr: &str, path: &str, body: Vec<u8>) -> Result<(u16, Bytes), String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| format!("processor unreachable: {e}"))?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("processor handshake: {e}"))?;
    tokio::spawn(conn);
    let request = Request::post(path)
        .header(HOST, addr)
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("relay request: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("processor: {e}"))?;
    let status = response.status().as_u16();
    let bytes = Limited::new(response.into_body(), MAX_ANSWER)
        .collect()
        .await
        .map_err(|e| format!("processor answer: {e}"))?
        .to_bytes();
    Ok((status, bytes))
}
