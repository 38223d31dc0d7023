//! The shop → processor relay: one HTTP/1.1 POST over a fresh loopback connection,
//! with hyper's client connection (no pool, no TLS: both services share the machine),
//! carrying the shop's API key as `Authorization: Bearer KEY` (the processor's API
//! refuses any request without it).
//!
//! A failure says whether the request can have reached the processor: a processor that
//! could not be connected to never saw it ([`RelayError::Unreachable`]); one that was
//! connected to may have opened it without answering ([`RelayError::NoAnswer`]).

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::time::Duration;

/// The most a processor answer may weigh.
const MAX_ANSWER: usize = 16 * 1024;
/// How long connecting may take (loopback: a refusal is immediate).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long the processor may take to answer once connected.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a relay got no answer. Each holds one string fit for the shop's log (never
/// request data).
#[derive(Debug)]
pub enum RelayError {
    /// No connection: the processor never saw the request.
    Unreachable(String),
    /// Connected, but no complete answer: the processor may have acted on it.
    NoAnswer(String),
}

/// Posts `body` as JSON to `http://{addr}{path}` with the API key `bearer`; returns the
/// status and the body.
pub async fn post_json(
    addr: &str,
    path: &str,
    bearer: &str,
    body: Vec<u8>,
) -> Result<(u16, Bytes), RelayError> {
    let stream = tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(addr))
        .await
        .map_err(|_| RelayError::Unreachable("connect timed out".to_owned()))?
        .map_err(|e| RelayError::Unreachable(format!("unreachable: {e}")))?;
    let mut auth = HeaderValue::from_str(&format!("Bearer {bearer}"))
        .map_err(|_| RelayError::Unreachable("the API key is not a header value".to_owned()))?;
    auth.set_sensitive(true);
    tokio::time::timeout(ANSWER_TIMEOUT, post(stream, addr, path, auth, body))
        .await
        .map_err(|_| RelayError::NoAnswer("timed out".to_owned()))?
        .map_err(RelayError::NoAnswer)
}

async fn post(
    stream: tokio::net::TcpStream,
    addr: &str,
    path: &str,
    auth: HeaderValue,
    body: Vec<u8>,
) -> Result<(u16, Bytes), String> {
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(conn);
    let request = Request::post(path)
        .header(HOST, addr)
        .header(CONTENT_TYPE, "application/json")
        .header(AUTHORIZATION, auth)
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("request: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("{e}"))?;
    let status = response.status().as_u16();
    let bytes = Limited::new(response.into_body(), MAX_ANSWER)
        .collect()
        .await
        .map_err(|e| format!("answer: {e}"))?
        .to_bytes();
    Ok((status, bytes))
}
