//! The card frame of frame mode (docs/DESIGN.md §6) as a release a key holder deploys:
//! `cardseal frame build --config frame.toml --out dist/` ([`Config`], [`build`]) turns the
//! holder's name, its key, the default locale, the package and the merchants (each an id
//! and the shop origins allowed to embed its frame) into a directory of static files
//! ([`Release`]):
//!
//! - `/frame/<merchant>/` (`frame/<merchant>/index.html`): the frame page with its
//!   configuration baked in, one per merchant, so `frame-ancestors` and the origins the
//!   handshake accepts are that merchant's;
//! - `/frame/frame.js`, `/frame/frame.css`, … (the page assets beside this crate, embedded
//!   by build.rs) and the package's `/pkg/index.js`, `/pkg/frame-protocol.js` and
//!   `/pkg/cardseal_bg.wasm`, copied from
//!   the npm package and checked against its `integrity.json`; the frame page pins every
//!   module it runs by an import map with `integrity`, allowed by its hash in the CSP
//!   ([`sri`]);
//! - `/key` (`key.html`): the key page the frame's "Sealed for … · key …" line links to;
//! - the JWKS (`/.well-known/jwks.json` unless configured), when the key is given;
//! - `nginx.conf`, the server configuration to include in the holder's `server {}` block,
//!   and `_headers` for static hosts that read one: both written from one table of
//!   headers ([`HEADERS`], [`File::headers`]), which the demo's processor serves too.

pub mod sri;

use serde::Deserialize;
use sri::Scripts;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The frame's CSP, `{{ancestors}}` filled with the origins allowed to embed it (the frame
/// page), or `'none'` (everything else). The frame page's adds its import map's hash.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors {{ancestors}}; \
form-action 'none'; require-trusted-types-for 'script'";

/// The frame page's scripts, each module pinned by the page (see [`Scripts`]); the key
/// page runs none. A module the frame imports is added here (the e2e tamper suite fails
/// on one that is not).
pub const FRAME_SCRIPTS: Scripts = Scripts {
    entry: "/frame/frame.js",
    imports: &["/pkg/index.js", "/pkg/frame-protocol.js"],
};

/// The package files the frame loads besides its modules (`/pkg/…`).
const PKG_FILES: &[&str] = &["cardseal_bg.wasm"];

/// Where the JWKS is published when the configuration names no path.
pub const DEFAULT_JWKS: &str = "/.well-known/jwks.json";

/// What a served file is; its headers follow from it ([`HEADERS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// a merchant's frame page, embedded by that merchant's origins
    Frame,
    /// the key page, opened at the top level
    KeyPage,
    /// a JavaScript module
    Script,
    /// a stylesheet
    Style,
    /// the package's wasm
    Wasm,
    /// the JWKS
    Json,
}

impl Kind {
    /// The `Content-Type` it is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Frame | Kind::KeyPage => "text/html; charset=utf-8",
            Kind::Script => "text/javascript",
            Kind::Style => "text/css",
            Kind::Wasm => "application/wasm",
            Kind::Json => "application/json",
        }
    }
}

const ALL: &[Kind] = &[
    Kind::Frame,
    Kind::KeyPage,
    Kind::Script,
    Kind::Style,
    Kind::Wasm,
    Kind::Json,
];
const PAGES: &[Kind] = &[Kind::Frame, Kind::KeyPage];
const SUBRESOURCES: &[Kind] = &[
    Kind::KeyPage,
    Kind::Script,
    Kind::Style,
    Kind::Wasm,
    Kind::Json,
];

/// Every header the release sets beside `Content-Type` and its CSP, and on what: the one
/// table that `nginx.conf`, `_headers` and the demo's processor are written from.
pub const HEADERS: &[(&str, &str, &[Kind])] = &[
    ("X-Content-Type-Options", "nosniff", ALL),
    ("Referrer-Policy", "no-referrer", ALL),
    // Nothing of the frame is kept by a browser or a proxy: a new release is live at once.
    ("Cache-Control", "no-store", ALL),
    // The frame needs none of these powerful features; nothing it loads may use them.
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        PAGES,
    ),
    // The frame page is embedded cross-origin (frame-ancestors says by whom), also by a
    // shop page that is cross-origin isolated (COEP require-corp): such a page may only
    // embed a document that allows it (CORP) and keeps the same policy (COEP). Everything
    // it loads is its own origin's.
    (
        "Cross-Origin-Resource-Policy",
        "cross-origin",
        &[Kind::Frame],
    ),
    (
        "Cross-Origin-Embedder-Policy",
        "require-corp",
        &[Kind::Frame],
    ),
    // The modules, the wasm, the stylesheets, the JWKS and the key page are for this
    // origin's pages only; the key page opens at the top level, in a browsing context
    // group of its own.
    ("Cross-Origin-Resource-Policy", "same-origin", SUBRESOURCES),
    (
        "Cross-Origin-Opener-Policy",
        "same-origin",
        &[Kind::KeyPage],
    ),
];

/// A release's configuration, `frame.toml`:
///
/// ```toml
/// holder = "Pay Example"             # the name the frame's key line shows
/// locale = "id"                      # the default locale: en or id (default en)
/// package = "node_modules/cardseal"  # the npm package: its bundle, wasm and integrity.json
///
/// [key]
/// file = "keys/public.pem"           # a public key in any form key import takes
/// jwks = "/.well-known/jwks.json"    # optional: the frame fetches it from here, pinned
/// # or, the holder serving its own JWKS: jwks = "/…" and kid = "<thumbprint to pin>"
///
/// [[merchant]]
/// id = "shop-a"                      # its frame: /frame/shop-a/
/// origins = ["https://shop-a.example"]
/// ```
///
/// Relative paths are read from the configuration file's directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// the key holder's name, shown on the frame's key line and the key page
    pub holder: String,
    /// the frame's default locale (the page can switch it later)
    #[serde(default = "default_locale")]
    pub locale: String,
    /// the npm package directory (`node_modules/cardseal`, or a built `pkg/`)
    pub package: PathBuf,
    /// the key the frame seals to
    pub key: KeyConfig,
    /// the merchants, each with its own frame page
    #[serde(rename = "merchant", default)]
    pub merchants: Vec<Merchant>,
}

/// Where the frame takes its key from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    /// a public key file: inline in the frame page, or, with `jwks`, published there
    pub file: Option<PathBuf>,
    /// a path on the frame's origin of the holder's JWKS
    pub jwks: Option<String>,
    /// the thumbprint (RFC 7638) of the key in the JWKS to pin
    pub kid: Option<String>,
}

/// One merchant: its frame page's id and the origins allowed to embed it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merchant {
    /// `[a-z0-9-]`, up to 40 characters: the frame is `/frame/<id>/`
    pub id: String,
    /// `http(s)://host[:port]` origins
    pub origins: Vec<String>,
}

fn default_locale() -> String {
    "en".to_owned()
}

impl Config {
    /// Reads `frame.toml` text; relative paths are taken from `base`.
    pub fn from_toml(text: &str, base: &Path) -> Result<Config, String> {
        let mut c: Config = toml::from_str(text).map_err(|e| {
            let msg = e.message().to_owned();
            match e.span() {
                Some(span) => format!(
                    "line {}: {msg}",
                    text[..span.start.min(text.len())].matches('\n').count() + 1
                ),
                None => msg,
            }
        })?;
        c.package = base.join(&c.package);
        if let Some(f) = &c.key.file {
            c.key.file = Some(base.join(f));
        }
        Ok(c)
    }
}

/// One file of a release.
#[derive(Debug, Clone)]
pub struct File {
    /// the URL path it is served at
    pub url: String,
    /// its path in the release directory
    pub path: String,
    /// what it is
    pub kind: Kind,
    /// its `Content-Security-Policy`
    pub csp: String,
    /// its bytes
    pub body: Vec<u8>,
}

impl File {
    /// Every header it is served with: `Content-Type`, `Content-Security-Policy`, and its
    /// rows of [`HEADERS`].
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut h = vec![
            ("Content-Type", self.kind.content_type().to_owned()),
            ("Content-Security-Policy", self.csp.clone()),
        ];
        for (name, value, kinds) in HEADERS {
            if kinds.contains(&self.kind) {
                h.push((name, (*value).to_owned()));
            }
        }
        h
    }
}

/// A built release: its files, and what a holder tells each merchant.
#[derive(Debug, Clone)]
pub struct Release {
    /// every file served
    pub files: Vec<File>,
    /// the key's thumbprint, which every JWE sealed by the frame carries
    pub kid: String,
    /// each merchant's id and its frame's URL path (`/frame/<id>/`)
    pub frames: Vec<(String, String)>,
}

/// Whether `o` is an `http(s)://host[:port]` origin: letters, digits, dots and dashes,
/// so nothing in it can bend a CSP, an HTML attribute or an nginx string.
pub fn is_origin(o: &str) -> bool {
    let Some(rest) = o
        .strip_prefix("https://")
        .or_else(|| o.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = rest.split_once(':').unwrap_or((rest, "1"));
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `p` is an absolute path on this origin (not `//host`), plain enough for a URL,
/// an nginx location and a `_headers` line.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains("..")
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_'))
}

/// Whether `id` is a merchant id: `[a-z0-9-]`, starting with a letter or digit, 1–40.
fn is_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// HTML text and attribute escaping.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An embedded page asset.
fn asset(name: &str) -> Result<&'static [u8], String> {
    ASSETS
        .iter()
        .find(|a| a.0 == name)
        .map(|a| a.1)
        .ok_or_else(|| format!("the frame asset {name} is missing from this build"))
}

fn text(name: &str) -> Result<String, String> {
    String::from_utf8(asset(name)?.to_vec()).map_err(|_| format!("{name}: not UTF-8"))
}

/// The package's file `name`, checked against its `integrity.json`.
fn package_file(dir: &Path, integrity: &serde_json::Value, name: &str) -> Result<Vec<u8>, String> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let want = integrity[name].as_str().ok_or_else(|| {
        format!(
            "{}: no {name} in it; is {} a cardseal package?",
            dir.join("integrity.json").display(),
            dir.display()
        )
    })?;
    if sri::sha384(&bytes) != want {
        return Err(format!(
            "{}: not the file its integrity.json names ({want}); reinstall the package",
            path.display()
        ));
    }
    Ok(bytes)
}

/// The key the frame seals to: its thumbprint, the JWK to publish (none when the holder
/// serves its own JWKS) and the JWK's own `kid`.
struct Key {
    kid: String,
    jwk: Option<String>,
    jwk_kid: Option<String>,
}

fn read_key(k: &KeyConfig) -> Result<Key, String> {
    let Some(file) = &k.file else {
        let (Some(_), Some(kid)) = (&k.jwks, &k.kid) else {
            return Err(
                "[key]: give file (a public key), or jwks and kid (the thumbprint to \
                        pin in the holder's JWKS)"
                    .to_owned(),
            );
        };
        let ok = kid.len() == 43
            && kid
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(format!(
                "[key] kid {kid:?}: a key's thumbprint expected (43 base64url characters, \
                 as `cardseal key-info` prints it)"
            ));
        }
        return Ok(Key {
            kid: kid.clone(),
            jwk: None,
            jwk_kid: None,
        });
    };
    let shown = file.display();
    let raw = std::fs::read_to_string(file).map_err(|e| format!("{shown}: {e}"))?;
    let key = cardseal::PublicKey::import(&raw).map_err(|e| format!("{shown}: {e}"))?;
    if let Some(kid) = k.kid.as_deref().filter(|&kid| kid != key.kid()) {
        return Err(format!(
            "[key] kid {kid:?} is not the thumbprint of {shown}, {}",
            key.kid()
        ));
    }
    // A JWK is published as written (its own kid, if another, is shown as not pinning);
    // any other form as the JWK of its numbers.
    let jwk = match key.format() {
        cardseal::KeyFormat::Jwk => raw.trim().to_owned(),
        _ => key.jwk(),
    };
    Ok(Key {
        kid: key.kid().to_owned(),
        jwk: Some(jwk),
        jwk_kid: key.jwk_kid().map(str::to_owned),
    })
}

/// Builds the release of `config`.
pub fn build(config: &Config) -> Result<Release, String> {
    let holder = config.holder.trim();
    if holder.is_empty() || holder.chars().count() > 80 || holder.chars().any(char::is_control) {
        return Err("holder: a name of 1 to 80 characters expected".to_owned());
    }
    let locale = config.locale.as_str();
    if cardseal::messages::Locale::parse(locale).tag() != locale {
        return Err(format!("locale {locale:?}: en or id expected"));
    }
    if config.merchants.is_empty() {
        return Err(
            "no [[merchant]]: each has an id and the origins allowed to embed its frame".to_owned(),
        );
    }
    for (i, m) in config.merchants.iter().enumerate() {
        if !is_id(&m.id) {
            return Err(format!(
                "merchant id {:?}: lower-case letters, digits and dashes expected (up to 40)",
                m.id
            ));
        }
        if config.merchants[..i].iter().any(|o| o.id == m.id) {
            return Err(format!("merchant id {:?} given twice", m.id));
        }
        if m.origins.is_empty() {
            return Err(format!("merchant {:?}: no origins", m.id));
        }
        if let Some(o) = m.origins.iter().find(|o| !is_origin(o)) {
            return Err(format!(
                "merchant {:?}: {o:?} is not an origin (http(s)://host[:port], no path)",
                m.id
            ));
        }
    }
    let key = read_key(&config.key)?;
    let jwks_path = config.key.jwks.clone();
    if let Some(p) = &jwks_path {
        if !is_local_path(p) || p.starts_with("/frame/") || p.starts_with("/pkg/") || p == "/key" {
            return Err(format!(
                "[key] jwks {p:?}: a path on the frame's origin expected, outside /frame/, \
                 /pkg/ and /key"
            ));
        }
    }

    let none = CSP.replace("{{ancestors}}", "'none'");
    let mut files: Vec<File> = Vec::new();
    let add =
        |files: &mut Vec<File>, url: String, path: String, kind: Kind, csp: &str, body: Vec<u8>| {
            files.push(File {
                url,
                path,
                kind,
                csp: csp.to_owned(),
                body,
            })
        };
    // The page assets, each under /frame/.
    for (name, bytes) in ASSETS {
        let kind = if name.ends_with(".js") {
            Kind::Script
        } else if name.ends_with(".css") {
            Kind::Style
        } else {
            continue; // the page templates, filled below
        };
        add(
            &mut files,
            format!("/frame/{name}"),
            format!("frame/{name}"),
            kind,
            &none,
            bytes.to_vec(),
        );
    }
    // The package's modules and wasm, checked against its integrity.json.
    let dir = &config.package;
    let integrity_path = dir.join("integrity.json");
    let integrity: serde_json::Value = std::fs::read(&integrity_path)
        .map_err(|e| {
            format!(
                "{}: {e}; give the npm package's directory",
                integrity_path.display()
            )
        })
        .and_then(|b| {
            serde_json::from_slice(&b).map_err(|e| format!("{}: {e}", integrity_path.display()))
        })?;
    let pkg_modules = FRAME_SCRIPTS
        .imports
        .iter()
        .filter_map(|u| u.strip_prefix("/pkg/"));
    for name in pkg_modules.chain(PKG_FILES.iter().copied()) {
        let kind = if name.ends_with(".wasm") {
            Kind::Wasm
        } else {
            Kind::Script
        };
        let body = package_file(dir, &integrity, name)?;
        add(
            &mut files,
            format!("/pkg/{name}"),
            format!("pkg/{name}"),
            kind,
            &none,
            body,
        );
    }

    // The pages: their SRI values are the served files'.
    let served = &files;
    let sri_of = |url: &str| {
        served
            .iter()
            .find(|f| f.url == url)
            .map(|f| sri::sha384(&f.body))
            .ok_or_else(|| format!("{url}: not in the release"))
    };
    let scripts = FRAME_SCRIPTS.render(sri_of)?;
    let template = sri::fill(&text("index.html")?, sri_of)?;
    // Inline: the key in the page. JWKS: the page names the set (same origin) and the kid.
    // (read_key gives a JWK, or a JWKS path and its kid.)
    let (inline, jwks_url, pinned) = match (&jwks_path, &key.jwk) {
        (None, Some(jwk)) => (jwk.as_str(), "", ""),
        (p, _) => ("", p.as_deref().unwrap_or(DEFAULT_JWKS), key.kid.as_str()),
    };
    let mut pages = Vec::new();
    let mut frames = Vec::new();
    for m in &config.merchants {
        let origins = m.origins.join(" ");
        let csp = sri::allow_script(&CSP.replace("{{ancestors}}", &origins), &scripts.csp_source)?;
        let page = template
            .replace("{{scripts}}", &scripts.html)
            .replace("{{public-key}}", &escape(inline))
            .replace("{{jwks}}", &escape(jwks_url))
            .replace("{{kid}}", &escape(pinned))
            .replace("{{holder}}", &escape(holder))
            .replace("{{origins}}", &escape(&origins))
            .replace("{{locale}}", &escape(locale));
        filled("index.html", &page)?;
        let url = format!("/frame/{}/", m.id);
        frames.push((m.id.clone(), url.clone()));
        pages.push((url, format!("frame/{}/index.html", m.id), csp, page));
    }
    let published = jwks_path.as_deref().unwrap_or(DEFAULT_JWKS);
    let key_page = text("key.html")?
        .replace("{{holder}}", &escape(holder))
        .replace("{{kid8}}", &escape(key.kid.get(..8).unwrap_or(&key.kid)))
        .replace("{{kid}}", &escape(&key.kid))
        .replace("{{jwk-kid}}", &own_kid(key.jwk_kid.as_deref(), &key.kid))
        .replace("{{jwks}}", &escape(published))
        .replace(
            "{{jwk}}",
            &escape(key.jwk.as_deref().unwrap_or(
                "The key in the key set (JWKS) above whose thumbprint is the key id. · \
                 Kunci di set kunci (JWKS) di atas yang thumbprint-nya adalah ID kunci.",
            )),
        );
    filled("key.html", &key_page)?;
    for (url, path, csp, page) in pages {
        add(&mut files, url, path, Kind::Frame, &csp, page.into_bytes());
    }
    add(
        &mut files,
        "/key".to_owned(),
        "key.html".to_owned(),
        Kind::KeyPage,
        &none,
        key_page.into_bytes(),
    );
    // The JWKS: the key as a set of one, unless the holder serves its own.
    if let Some(jwk) = &key.jwk {
        let path = published.trim_start_matches('/').to_owned();
        let body = format!("{{\"keys\":[{jwk}]}}\n").into_bytes();
        add(
            &mut files,
            published.to_owned(),
            path,
            Kind::Json,
            &none,
            body,
        );
    }
    Ok(Release {
        files,
        kid: key.kid,
        frames,
    })
}

/// An error if a `{{placeholder}}` was left in a page: a template that gained one this
/// build does not fill.
fn filled(name: &str, page: &str) -> Result<(), String> {
    match page.find("{{") {
        Some(i) => Err(format!(
            "{name}: the placeholder {} is not filled by this build",
            page[i..].split("}}").next().unwrap_or("{{")
        )),
        None => Ok(()),
    }
}

/// The key page's row for a JWK's own `kid` that is not its thumbprint: shown, and said
/// not to pin. Empty when there is none, or when it is the thumbprint.
fn own_kid(own: Option<&str>, kid: &str) -> String {
    match own {
        Some(own) if own != kid => format!(
            "<dt>The JWK's own <code>kid</code> member · <code>kid</code> bawaan JWK</dt>\n    \
             <dd><code id=\"jwk-kid\">{}</code><br>Not what pins: anyone can write any \
             <code>kid</code> into a JWK. Sealed cards name the key by its thumbprint, the \
             key id above; compare that. · Bukan yang dipin: siapa pun dapat menulis \
             <code>kid</code> apa saja ke JWK. Kartu tersegel menyebut kunci dengan \
             thumbprint-nya, ID kunci di atas; bandingkan itu.</dd>",
            escape(own)
        ),
        _ => String::new(),
    }
}

/// A value for an nginx double-quoted string or a `_headers` line: nothing that could end
/// it, start a variable or a new line. Every value here is the table's, or built from
/// checked origins and base64.
fn plain(v: &str) -> Result<&str, String> {
    if v.bytes()
        .any(|b| matches!(b, b'"' | b'\\' | b'$' | b'{' | b'}') || b.is_ascii_control())
    {
        return Err(format!("{v:?}: not safe in a server configuration"));
    }
    Ok(v)
}

impl Release {
    /// The nginx configuration: one exact `location` per file, each setting every header
    /// of [`File::headers`]; anything else is 404. Include it in the `server {}` block whose
    /// `root` is the release directory.
    pub fn nginx(&self) -> Result<String, String> {
        let mut out = String::from(
            "# The card frame release, written by `cardseal frame build`: include it in the\n\
             # server {} block of the frame's origin, with `root` set to this directory:\n\
             #     root /srv/frame;  include /srv/frame/nginx.conf;\n\
             # It serves the release's files with their headers, and nothing else (404).\n",
        );
        for f in &self.files {
            let _ = writeln!(out, "\nlocation = {} {{", plain(&f.url)?);
            let _ = writeln!(out, "    types {{ }}");
            let mut headers = f.headers().into_iter();
            if let Some((_, ty)) = headers.next() {
                let _ = writeln!(out, "    default_type \"{}\";", plain(&ty)?);
            }
            let _ = writeln!(out, "    try_files /{} =404;", plain(&f.path)?);
            for (name, value) in headers {
                let _ = writeln!(out, "    add_header {name} \"{}\" always;", plain(&value)?);
            }
            out.push_str("}\n");
        }
        out.push_str("\nlocation / {\n    return 404;\n}\n");
        Ok(out)
    }

    /// The `_headers` file of static hosts (Netlify, Cloudflare Pages): each URL and its
    /// headers, `Content-Type` left to the host.
    pub fn headers_file(&self) -> Result<String, String> {
        let mut out = String::from(
            "# The card frame release's headers, written by `cardseal frame build`.\n",
        );
        for f in &self.files {
            let _ = writeln!(out, "{}", plain(&f.url)?);
            for (name, value) in f.headers().into_iter().skip(1) {
                let _ = writeln!(out, "  {name}: {}", plain(&value)?);
            }
        }
        Ok(out)
    }

    /// Writes the release into `out` (created; files already there are replaced):
    /// every file, `nginx.conf` and `_headers`.
    pub fn write(&self, out: &Path) -> Result<(), String> {
        let nginx = self.nginx()?;
        let headers = self.headers_file()?;
        let write = |rel: &str, bytes: &[u8]| {
            let path = out.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
        };
        for f in &self.files {
            write(&f.path, &f.body)?;
        }
        write("nginx.conf", nginx.as_bytes())?;
        write("_headers", headers.as_bytes())
    }
}

#[cfg(test)]
mod tests;
