//! A minimal HTTP/1.1 client for the load: one POST or GET per fresh loopback
//! connection (hyper's client connection, as the shop's relay), with a timeout.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{CONTENT_TYPE, HOST};
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::time::Duration;

/// Any request taking longer than this is a failure (status 0).
const TIMEOUT: Duration = Duration::from_secs(30);

/// Sends one request to `http://{addr}{path}` with `headers` (a cookie, the API key):
/// `Some((content type, body))` makes it a POST, `None` a GET. Returns the status and
/// body; status 0 means no answer, and the body then says why.
pub async fn request(
    addr: &str,
    path: &str,
    post: Option<(&str, Vec<u8>)>,
    headers: &[(&str, &str)],
) -> (u16, Bytes) {
    match tokio::time::timeout(TIMEOUT, send(addr, path, post, headers)).await {
        Ok(Ok((status, _, body))) => (status, body),
        Ok(Err(e)) => (0, Bytes::from(e)),
        Err(_) => (0, Bytes::from_static(b"timed out")),
    }
}

/// A POST of a form whose answer sets a cookie (the staff login): the status and the
/// cookie (`name=value`), if set.
pub async fn post_for_cookie(addr: &str, path: &str, form: Vec<u8>) -> (u16, Option<String>) {
    let post = Some(("application/x-www-form-urlencoded", form));
    match tokio::time::timeout(TIMEOUT, send(addr, path, post, &[])).await {
        Ok(Ok((status, cookie, _))) => (status, cookie),
        _ => (0, None),
    }
}

async fn send(
    addr: &str,
    path: &str,
    post: Option<(&str, Vec<u8>)>,
    headers: &[(&str, &str)],
) -> Result<(u16, Option<String>, Bytes), String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let builder = headers.iter().fold(
        Request::builder().uri(path).header(HOST, addr),
        |b, (k, v)| b.header(*k, *v),
    );
    let request = match post {
        Some((kind, body)) => builder
            .method("POST")
            .header(CONTENT_TYPE, kind)
            .body(Full::new(Bytes::from(body))),
        None => builder.method("GET").body(Full::new(Bytes::new())),
    }
    .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get(hyper::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, cookie, body))
}
