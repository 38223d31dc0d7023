// Test code: a failure here is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

const SPKI: &str = include_str!("../../tests/keys/rsa2048-spki.pem");
const JWK_OWN_KID: &str = include_str!("../../tests/keys/rsa2048-kid.jwk");

/// A scratch directory removed on drop.
struct Scratch(PathBuf);
impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("cardseal-frame-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// A stand-in npm package: its modules and a wasm, and their integrity.json.
fn package(dir: &Path) {
    std::fs::write(dir.join("index.js"), "export default 1;\n").unwrap();
    std::fs::write(dir.join("frame-protocol.js"), "export const V = 1;\n").unwrap();
    std::fs::write(dir.join("cardseal_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let integrity = serde_json::json!({
        "index.js": sri::sha384(b"export default 1;\n"),
        "frame-protocol.js": sri::sha384(b"export const V = 1;\n"),
        "cardseal_bg.wasm": sri::sha384(b"\0asm\x01\0\0\0"),
    });
    std::fs::write(dir.join("integrity.json"), integrity.to_string()).unwrap();
}

fn config(dir: &Path, key: &str) -> Config {
    std::fs::write(dir.join("key.pem"), key).unwrap();
    package(dir);
    Config::from_toml(
        r#"
holder = "Pay <Example>"
locale = "id"
package = "."
[key]
file = "key.pem"
[[merchant]]
id = "shop-a"
origins = ["http://127.0.0.1:8001", "https://a.example"]
[[merchant]]
id = "shop-b"
origins = ["https://b.example:8443"]
"#,
        dir,
    )
    .unwrap()
}

fn file<'a>(r: &'a Release, url: &str) -> &'a File {
    r.files
        .iter()
        .find(|f| f.url == url)
        .unwrap_or_else(|| panic!("{url} in the release"))
}

fn header(f: &File, name: &str) -> Vec<String> {
    f.headers()
        .into_iter()
        .filter(|h| h.0 == name)
        .map(|h| h.1)
        .collect()
}

#[test]
fn each_merchant_gets_its_own_frame_page_ancestors_and_handshake_origins() {
    let dir = scratch("merchants");
    let r = build(&config(&dir.0, SPKI)).unwrap();
    let kid = cardseal::PublicKey::import(SPKI).unwrap().kid().to_owned();
    assert_eq!(r.kid, kid);
    assert_eq!(
        r.frames,
        [
            ("shop-a".into(), "/frame/shop-a/".into()),
            ("shop-b".into(), "/frame/shop-b/".into())
        ]
    );
    for (url, origins) in [
        ("/frame/shop-a/", "http://127.0.0.1:8001 https://a.example"),
        ("/frame/shop-b/", "https://b.example:8443"),
    ] {
        let f = file(&r, url);
        assert_eq!(f.kind, Kind::Frame);
        let page = String::from_utf8(f.body.clone()).unwrap();
        assert!(
            f.csp.contains(&format!("frame-ancestors {origins};")),
            "{}",
            f.csp
        );
        assert!(page.contains(&format!(
            "<meta name=\"cardseal-origins\" content=\"{origins}\">"
        )));
        assert!(page.contains("<meta name=\"cardseal-locale\" content=\"id\">"));
        assert!(
            page.contains("content=\"Pay &lt;Example&gt;\""),
            "the holder escaped"
        );
        // Inline key: the page carries the key, names no JWKS and pins nothing more.
        assert!(page.contains("<meta name=\"cardseal-jwks\" content=\"\">"));
        assert!(!page.contains("{{"), "every placeholder filled");
        // The import map pins the release's own bytes, and the CSP allows exactly it.
        let map = page
            .split("<script type=\"importmap\">")
            .nth(1)
            .unwrap()
            .split("</script>")
            .next()
            .unwrap();
        let parsed: serde_json::Value = serde_json::from_str(map).unwrap();
        for m in ["/frame/frame.js", "/pkg/index.js"] {
            assert_eq!(
                parsed["integrity"][m],
                sri::sha384(&file(&r, m).body),
                "{m}"
            );
        }
        use sha2::Digest;
        let hash = format!(
            "'sha256-{}'",
            sri::base64(&sha2::Sha256::digest(map.as_bytes()))
        );
        assert!(
            f.csp
                .contains(&format!("script-src 'self' 'wasm-unsafe-eval' {hash};")),
            "{}",
            f.csp
        );
        let css = format!(
            "integrity=\"{}\"",
            sri::sha384(&file(&r, "/frame/frame.css").body)
        );
        assert!(page.contains(&css), "the stylesheet pinned");
    }
    // The JWKS (the key as a set of one) and the key page name the same key.
    let jwks: serde_json::Value = serde_json::from_slice(&file(&r, DEFAULT_JWKS).body).unwrap();
    let jwk = jwks["keys"][0].to_string();
    assert_eq!(cardseal::PublicKey::import(&jwk).unwrap().kid(), kid);
    let key_page = String::from_utf8(file(&r, "/key").body.clone()).unwrap();
    assert!(key_page.contains(&format!("<code id=\"kid\">{kid}</code>")));
    assert!(!key_page.contains("id=\"jwk-kid\""));
    assert!(!key_page.contains("{{"));
}

#[test]
fn a_pem_key_is_published_as_a_jwk_and_a_jwk_as_written_with_its_own_kid_shown_apart() {
    let dir = scratch("jwk");
    let mut c = config(&dir.0, JWK_OWN_KID);
    c.key.jwks = Some("/keys/set.json".into());
    let r = build(&c).unwrap();
    let key = cardseal::PublicKey::import(JWK_OWN_KID).unwrap();
    let jwks = String::from_utf8(file(&r, "/keys/set.json").body.clone()).unwrap();
    assert_eq!(jwks, format!("{{\"keys\":[{}]}}\n", JWK_OWN_KID.trim()));
    let page = String::from_utf8(file(&r, "/frame/shop-a/").body.clone()).unwrap();
    assert!(page.contains("<meta name=\"cardseal-jwks\" content=\"/keys/set.json\">"));
    assert!(page.contains(&format!(
        "<meta name=\"cardseal-kid\" content=\"{}\">",
        key.kid()
    )));
    assert!(page.contains("<meta name=\"cardseal-public-key\" content=\"\">"));
    let key_page = String::from_utf8(file(&r, "/key").body.clone()).unwrap();
    assert!(key_page.contains(&format!(
        "<code id=\"jwk-kid\">{}</code>",
        key.jwk_kid().unwrap()
    )));
    // PEM in, the JWK of its numbers out, named by its thumbprint.
    let jwk: serde_json::Value =
        serde_json::from_str(&cardseal::PublicKey::import(SPKI).unwrap().jwk()).unwrap();
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["e"], "AQAB");
    assert_eq!(jwk["kid"], cardseal::PublicKey::import(SPKI).unwrap().kid());
    let again = cardseal::PublicKey::import(&jwk.to_string()).unwrap();
    assert_eq!(
        again.kid(),
        cardseal::PublicKey::import(SPKI).unwrap().kid()
    );
    assert_eq!(again.format(), cardseal::KeyFormat::Jwk);
}

#[test]
fn a_holder_serving_its_own_jwks_pins_the_kid_and_the_release_has_no_jwks() {
    let dir = scratch("holder-jwks");
    let mut c = config(&dir.0, SPKI);
    let kid = cardseal::PublicKey::import(SPKI).unwrap().kid().to_owned();
    c.key = KeyConfig {
        file: None,
        jwks: Some(DEFAULT_JWKS.into()),
        kid: Some(kid.clone()),
    };
    let r = build(&c).unwrap();
    assert!(r.files.iter().all(|f| f.kind != Kind::Json));
    let page = String::from_utf8(file(&r, "/frame/shop-b/").body.clone()).unwrap();
    assert!(page.contains(&format!("<meta name=\"cardseal-kid\" content=\"{kid}\">")));
    // A kid that is not a thumbprint, or that is not the given file's, is refused.
    c.key.kid = Some("merchant-2026".into());
    assert!(build(&c).unwrap_err().contains("thumbprint"));
    c.key = KeyConfig {
        file: Some(dir.0.join("key.pem")),
        jwks: None,
        kid: Some(kid[1..].to_owned() + "A"),
    };
    assert!(build(&c).unwrap_err().contains("is not the thumbprint"));
}

#[test]
fn the_headers_come_from_one_table_frames_embeddable_the_rest_same_origin() {
    let dir = scratch("headers");
    let r = build(&config(&dir.0, SPKI)).unwrap();
    for f in &r.files {
        for (name, value) in [
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
        ] {
            assert_eq!(header(f, name), [value], "{} {name}", f.url);
        }
        assert_eq!(header(f, "Content-Type"), [f.kind.content_type()]);
        // One value a header: a server sets each (the demo inserts, never appends).
        let names: std::collections::HashSet<_> = f
            .headers()
            .iter()
            .map(|h| h.0.to_ascii_lowercase())
            .collect();
        assert_eq!(names.len(), f.headers().len(), "{}", f.url);
        assert_eq!(
            header(f, "Content-Security-Policy"),
            std::slice::from_ref(&f.csp)
        );
        let corp = if f.kind == Kind::Frame {
            "cross-origin"
        } else {
            "same-origin"
        };
        assert_eq!(
            header(f, "Cross-Origin-Resource-Policy"),
            [corp],
            "{}",
            f.url
        );
        if f.kind != Kind::Frame {
            assert!(f.csp.contains("frame-ancestors 'none'"), "{}", f.url);
        }
    }
    let frame = file(&r, "/frame/shop-a/");
    assert_eq!(
        header(frame, "Cross-Origin-Embedder-Policy"),
        ["require-corp"]
    );
    assert!(header(frame, "Cross-Origin-Opener-Policy").is_empty());
    assert_eq!(
        header(file(&r, "/key"), "Cross-Origin-Opener-Policy"),
        ["same-origin"]
    );
    assert_eq!(
        file(&r, "/pkg/cardseal_bg.wasm").kind.content_type(),
        "application/wasm"
    );
}

#[test]
fn nginx_and_headers_files_set_every_header_of_every_file_and_serve_nothing_else() {
    let dir = scratch("nginx");
    let r = build(&config(&dir.0, SPKI)).unwrap();
    let conf = r.nginx().unwrap();
    let rules = r.headers_file().unwrap();
    for f in &r.files {
        let block = conf
            .split(&format!("location = {} {{\n", f.url))
            .nth(1)
            .unwrap()
            .split("\n}")
            .next()
            .unwrap();
        let mut h = f.headers().into_iter();
        assert!(block.contains(&format!("default_type \"{}\";", h.next().unwrap().1)));
        assert!(block.contains(&format!("try_files /{} =404;", f.path)));
        let rule = rules.split(&format!("\n{}\n", f.url)).nth(1).unwrap();
        for (name, value) in h {
            assert!(
                block.contains(&format!("add_header {name} \"{value}\" always;")),
                "{} {name}",
                f.url
            );
            assert!(
                rule.contains(&format!("  {name}: {value}\n")),
                "{} {name}",
                f.url
            );
        }
    }
    assert_eq!(conf.matches("location = ").count(), r.files.len());
    assert!(conf.ends_with("location / {\n    return 404;\n}\n"));
    // Written out: the files where the configuration looks for them.
    let out = dir.0.join("dist");
    r.write(&out).unwrap();
    for f in &r.files {
        assert_eq!(
            std::fs::read(out.join(&f.path)).unwrap(),
            f.body,
            "{}",
            f.path
        );
    }
    assert_eq!(
        std::fs::read_to_string(out.join("nginx.conf")).unwrap(),
        conf
    );
    assert!(out.join("frame/shop-b/index.html").is_file() && out.join("_headers").is_file());
}

#[test]
fn bad_configurations_are_refused_with_what_to_do() {
    let dir = scratch("bad");
    let good = config(&dir.0, SPKI);
    let refused = |edit: &dyn Fn(&mut Config), want: &str| {
        let mut c = good.clone();
        edit(&mut c);
        let e = build(&c).unwrap_err();
        assert!(e.contains(want), "{e:?} lacks {want:?}");
        assert!(!e.contains('\n'));
    };
    refused(
        &|c| c.merchants[0].origins.push("https://a.example/path".into()),
        "is not an origin",
    );
    refused(
        &|c| {
            c.merchants[0]
                .origins
                .push("https://a.example; script-src *".into())
        },
        "is not an origin",
    );
    refused(
        &|c| c.merchants[0].origins.push("https://a.example\"$x".into()),
        "is not an origin",
    );
    refused(&|c| c.merchants[1].id = "shop-a".into(), "given twice");
    refused(&|c| c.merchants[1].id = "../x".into(), "merchant id");
    refused(&|c| c.merchants[1].origins.clear(), "no origins");
    refused(&|c| c.merchants.clear(), "[[merchant]]");
    refused(&|c| c.locale = "fr".into(), "en or id");
    refused(&|c| c.holder = " ".into(), "holder");
    refused(&|c| c.key = KeyConfig::default(), "give file");
    refused(
        &|c| c.key.jwks = Some("//evil.example/jwks.json".into()),
        "a path on the frame's origin",
    );
    refused(
        &|c| c.key.jwks = Some("/key".into()),
        "a path on the frame's origin",
    );
    refused(
        &|c| c.package = c.package.join("missing"),
        "give the npm package's directory",
    );
    // A private key is refused as the browser refuses it.
    std::fs::write(
        dir.0.join("private.pem"),
        include_str!("../../tests/keys/rsa2048-private-pkcs8.pem"),
    )
    .unwrap();
    refused(&|c| c.key.file = Some(dir.0.join("private.pem")), "PRIVATE");
    // A package file that is not the one its integrity.json names.
    std::fs::write(dir.0.join("index.js"), "export default 2;\n").unwrap();
    refused(&|_| {}, "not the file its integrity.json names");
    // Unknown keys and TOML errors say where.
    let e = Config::from_toml(
        "holder = \"x\"\npackage = \".\"\n[key]\nfile = \"k\"\npin = 1\n",
        &dir.0,
    )
    .unwrap_err();
    assert!(e.starts_with("line 5:") && e.contains("pin"), "{e}");
}

#[test]
fn origins_are_origins_and_nothing_that_could_bend_a_csp_or_a_config() {
    for ok in [
        "http://127.0.0.1:8080",
        "https://shop.example",
        "https://a.b:443",
    ] {
        assert!(is_origin(ok), "{ok}");
    }
    for bad in [
        "shop.example",
        "https://",
        "https://shop.example/",
        "https://shop.example/path",
        "https://shop.example; script-src *",
        "https://shop.example'",
        "https://shop.example:",
        "https://shop.example:80a",
        "https://$host",
        "javascript:alert(1)",
    ] {
        assert!(!is_origin(bad), "{bad}");
    }
    for ok in ["/.well-known/jwks.json", "/keys/jwks.json"] {
        assert!(is_local_path(ok), "{ok}");
    }
    for bad in [
        "//evil.example/jwks.json",
        "https://evil.example/jwks.json",
        "jwks.json",
        "/jwks.json?x=1",
        "/a b",
        "/\"x",
        "/a/../b",
    ] {
        assert!(!is_local_path(bad), "{bad}");
    }
}
