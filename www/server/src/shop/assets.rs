//! The files the shop serves, read once at start, their SRI values, and the pages filled
//! in from their templates, each with the scripts it runs pinned by their hashes: the
//! checkout (`www/index.html`, in-page and in frame mode) and the key setup
//! (`www/setup.html`).

use super::{total, CART, SHIPPING};
use crate::html;
use axum::body::Bytes;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use cardseal_frame::sri::{self, Scripts};
use std::collections::{BTreeMap, HashMap};
use std::path::Path as FsPath;

/// URL path → (content type, bytes).
pub(super) type Files = HashMap<String, (&'static str, Bytes)>;

/// The page's own files (`www/*.js|css`) under `/static/` and the npm package's
/// (`pkg/**`) under `/pkg/`, read once at start.
pub(super) fn load_files(www: &FsPath, pkg: &FsPath) -> Result<Files, String> {
    let mut files = HashMap::new();
    let mut add = |url: String, path: &FsPath| -> Result<(), String> {
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("wasm") => "application/wasm",
            Some("json") => "application/json",
            Some("svg") => "image/svg+xml",
            _ => return Ok(()),
        };
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.insert(url, (kind, Bytes::from(bytes)));
        Ok(())
    };
    for entry in std::fs::read_dir(www).map_err(|e| format!("{}: {e}", www.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_file() {
            if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                add(format!("/static/{name}"), &path)?;
            }
        }
    }
    let mut stack = vec![pkg.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(pkg) {
                if let Some(rel) = rel.to_str() {
                    add(format!("/pkg/{rel}"), &path)?;
                }
            }
        }
    }
    if !files.contains_key("/pkg/index.js") {
        return Err(format!("{}: no index.js; run `make pkg`", pkg.display()));
    }
    Ok(files)
}

/// The SRI value of a served file. The package's own `integrity.json` is the source for
/// `/pkg/` files, and each is checked against the bytes served.
pub(super) fn sri_of(files: &Files, url: &str) -> Result<String, String> {
    let (_, bytes) = files.get(url).ok_or_else(|| format!("{url}: not found"))?;
    let actual = sri::sha384(bytes);
    if let Some(rel) = url.strip_prefix("/pkg/") {
        let (_, json) = files
            .get("/pkg/integrity.json")
            .ok_or("pkg/integrity.json is missing; run `make pkg`")?;
        let listed: BTreeMap<String, String> =
            serde_json::from_slice(json).map_err(|e| format!("pkg/integrity.json: {e}"))?;
        if listed.get(rel) != Some(&actual) {
            return Err(format!(
                "pkg/{rel} does not match pkg/integrity.json; run `make pkg`"
            ));
        }
    }
    Ok(actual)
}

/// The scripts of the shop's pages, each module pinned (see [`Scripts`]): the in-page
/// checkout (`/`), the checkout in frame mode (`/?mode=frame`) and the key setup (`/setup`).
/// The shop's other pages (the confirmation, the refusals) run no script.
const CHECKOUT: Scripts = Scripts {
    entry: "/static/app.js",
    imports: &["/pkg/index.js", "/static/i18n.js"],
};
const CHECKOUT_FRAME: Scripts = Scripts {
    entry: "/static/app-frame.js",
    imports: &["/pkg/frame.js", "/static/i18n.js"],
};
const SETUP: Scripts = Scripts {
    entry: "/static/setup.js",
    imports: &["/pkg/index.js"],
};

/// A page filled in, with its own CSP: the shop's, allowing the page's import map by its
/// hash (and in frame mode the frame's origin).
pub(super) struct Page {
    html: String,
    csp: HeaderValue,
}

impl Page {
    pub(super) fn respond(&self) -> Response {
        (
            [(header::CONTENT_SECURITY_POLICY, self.csp.clone())],
            Html(self.html.clone()),
        )
            .into_response()
    }

    /// The page with its `slot` filled with `value` (the checkout's CSRF token, per
    /// browser: see `shop::doors`), under the same CSP.
    pub(super) fn respond_filled(&self, slot: &str, value: &str) -> Response {
        (
            [(header::CONTENT_SECURITY_POLICY, self.csp.clone())],
            Html(self.html.replace(slot, value)),
        )
            .into_response()
    }

    /// Whether the page holds `text`.
    pub(super) fn contains(&self, text: &str) -> bool {
        self.html.contains(text)
    }
}

/// The in-page checkout: the checkout template ([`fill_checkout`]) and its scripts.
pub(super) fn render_index(
    template: &str,
    files: &Files,
    public_key: &str,
) -> Result<Page, String> {
    render_page(
        &fill_checkout(template, public_key),
        files,
        &CHECKOUT,
        super::CSP,
    )
}

/// The key setup page.
pub(super) fn render_setup(template: &str, files: &Files) -> Result<Page, String> {
    render_page(template, files, &SETUP, super::CSP)
}

/// Fills the checkout page template's `{{public-key}}`, `{{cart}}` and `{{total}}`.
fn fill_checkout(template: &str, public_key: &str) -> String {
    let mut cart = String::new();
    for (item, qty, price) in CART {
        cart.push_str(&format!(
            "<li><span class=\"item\">{}</span> <span class=\"qty\">× {qty}</span> <span class=\"price\">{}</span></li>\n",
            html::escape(item),
            html::rupiah(qty * price)
        ));
    }
    cart.push_str(&format!(
        "<li class=\"shipping\"><span class=\"item\" data-i18n=\"shipping\">Shipping</span> <span class=\"price\">{}</span></li>\n",
        html::rupiah(SHIPPING)
    ));
    template
        .replace("{{public-key}}", &html::escape(public_key))
        .replace("{{cart}}", cart.trim_end())
        .replace("{{total}}", &html::rupiah(total()))
}

/// Fills what every page template has: `{{scripts}}` (the page's script tags, every
/// module pinned: [`Scripts::render`]) and `{{sri:URL}}` (a served file's SRI value), and
/// gives the page with `csp` allowing its import map.
fn render_page(
    template: &str,
    files: &Files,
    scripts: &Scripts,
    csp: &str,
) -> Result<Page, String> {
    if !template.contains("{{scripts}}") {
        return Err("a page template without {{scripts}}".to_owned());
    }
    let tags = scripts.render(|url| sri_of(files, url))?;
    let out = sri::fill(&template.replace("{{scripts}}", &tags.html), |url| {
        sri_of(files, url)
    })?;
    let csp = sri::allow_script(csp, &tags.csp_source)?;
    let csp = HeaderValue::from_str(&csp).map_err(|e| format!("CSP: {e}"))?;
    Ok(Page { html: out, csp })
}

/// The checkout in frame mode (issue 15): the in-page template with the card fieldset's
/// inputs replaced by a slot for the processor's frame at `frame_url`, the frame-mode
/// scripts (the loader is the only package module, and no wasm), and the shop's name
/// field as a plain name (the card's name is the frame's). Its CSP is the shop's, with
/// `frame-src` the frame's origin.
pub(super) fn render_frame_index(
    template: &str,
    files: &Files,
    public_key: &str,
    frame_url: &str,
) -> Result<Page, String> {
    let origin = frame_url
        .split_once("://")
        .and_then(|(scheme, rest)| {
            let host = rest.split('/').next()?;
            (matches!(scheme, "http" | "https") && !host.is_empty())
                .then(|| format!("{scheme}://{host}"))
        })
        .ok_or_else(|| format!("--frame-url {frame_url:?}: an http(s) URL expected"))?;
    let start = template
        .find("<fieldset class=\"card\">")
        .ok_or("index.html: no card fieldset")?;
    let end = start
        + template[start..]
            .find("</fieldset>")
            .ok_or("index.html: unclosed card fieldset")?;
    let slot = format!(
        "<fieldset class=\"card\">\n      <legend data-i18n=\"payment\">Card</legend>\n      \
<div id=\"card-frame\" data-frame-url=\"{}\"></div>\n      \
<p class=\"error\" id=\"card-error\" role=\"alert\"></p>\n      \
<p class=\"hint\" data-i18n=\"test-cards\">Demo: any valid test card is approved, e.g. 4242 4242 4242 4242; 4000 0000 0000 0002 is declined.</p>\n    ",
        html::escape(frame_url)
    );
    let page = format!("{}{}{}", &template[..start], slot, &template[end..])
        .replace(
            "<meta name=\"cardseal-wasm-integrity\" content=\"{{sri:/pkg/cardseal_bg.wasm}}\">\n",
            "",
        )
        .replace(
            "data-cardseal=\"name\" autocomplete=\"cc-name\"",
            "data-cardseal=\"name\" autocomplete=\"name\"",
        );
    let csp = super::CSP.replace(
        "default-src 'self';",
        &format!("default-src 'self'; frame-src {origin};"),
    );
    render_page(
        &fill_checkout(&page, public_key),
        files,
        &CHECKOUT_FRAME,
        &csp,
    )
}
