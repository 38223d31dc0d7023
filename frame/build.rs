//! Embeds the frame's page assets (every `*.html`, `*.js` and `*.css` beside Cargo.toml) in
//! the crate, so a `cardseal` installed with `cargo install --path cli` carries them and a
//! new asset needs no list kept by hand.

use std::fmt::Write as _;

fn main() {
    let dir = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| [".html", ".js", ".css"].iter().any(|x| n.ends_with(x)))
        .collect();
    names.sort();
    let mut out = String::from(
        "/// The page assets beside the crate's manifest: file name and bytes.\n\
         pub const ASSETS: &[(&str, &[u8])] = &[\n",
    );
    for n in &names {
        let path = dir.join(n);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({n:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let target = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(e) = std::fs::write(target.join("assets.rs"), out) {
        println!("cargo:warning=frame assets: {e}");
        std::process::exit(1);
    }
}
