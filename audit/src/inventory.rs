//! The reviewed inventory (PCI DSS 6.4.3): one entry per script with its hash, source and
//! the fields a person fills in, plus each page's headers and frames. A change to this file
//! in git is the authorization record.

use crate::capture::{Frame, PageCapture, Script};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The inventory format version this tool reads and writes.
pub const VERSION: u32 = 1;

/// The whole file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// [`VERSION`].
    pub version: u32,
    /// `in-page` (cardseal seals in the page) or `frame` (the card is typed in the key
    /// holder's frame).
    pub mode: String,
    /// Frame mode: the origin of the key holder's frame, the only place card inputs may be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// The pages.
    #[serde(default, rename = "page")]
    pub pages: Vec<Page>,
    /// The scripts of every page.
    #[serde(default, rename = "script")]
    pub scripts: Vec<Entry>,
}

/// A page: its URL, the security headers of its document and its frames.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The URL the audit opens.
    pub url: String,
    /// Security-impacting response headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Its frames.
    #[serde(default, rename = "frame")]
    pub frames: Vec<Frame>,
}

/// One script, with the 6.4.3 fields.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// The page it runs on.
    pub page: String,
    /// What the browser saw of it (see [`Script`]).
    #[serde(flatten)]
    pub script: Script,
    /// 6.4.3: who is responsible for it.
    #[serde(default)]
    pub owner: String,
    /// 6.4.3: why the payment page needs it.
    #[serde(default)]
    pub justification: String,
    /// 6.4.3: who authorized it.
    #[serde(default)]
    pub approved_by: String,
    /// 6.4.3: when (YYYY-MM-DD).
    #[serde(default)]
    pub approved_on: String,
}

impl Entry {
    /// Whether a person has filled in the 6.4.3 fields.
    pub fn reviewed(&self) -> bool {
        ![
            &self.owner,
            &self.justification,
            &self.approved_by,
            &self.approved_on,
        ]
        .iter()
        .any(|f| f.trim().is_empty())
    }
}

const HEADER: &str = "\
# cardseal audit inventory (PCI DSS 6.4.3 and 11.6.1), written by `cardseal audit snapshot`.
# Review every [[script]]: fill in owner, justification, approved_by and approved_on
# (YYYY-MM-DD), and commit the file: the change in git is the authorization record.
# `cardseal audit check --inventory THIS_FILE` compares the live page against it.
";

impl Inventory {
    /// Builds an inventory from captures, keeping the 6.4.3 fields of `previous` for every
    /// script whose page and location are unchanged.
    pub fn from_captures(
        pages: &[PageCapture],
        mode: String,
        holder: Option<String>,
        previous: Option<&Inventory>,
    ) -> Inventory {
        let mut scripts = Vec::new();
        for p in pages {
            for s in &p.scripts {
                let mut e = Entry {
                    page: p.url.clone(),
                    script: s.clone(),
                    owner: String::new(),
                    justification: String::new(),
                    approved_by: String::new(),
                    approved_on: String::new(),
                };
                if let Some(old) = previous.and_then(|inv| {
                    inv.scripts
                        .iter()
                        .find(|o| o.page == e.page && o.script.location == s.location)
                }) {
                    e.owner.clone_from(&old.owner);
                    e.justification.clone_from(&old.justification);
                    // A changed script needs a new approval.
                    if old.script.sha384 == s.sha384 {
                        e.approved_by.clone_from(&old.approved_by);
                        e.approved_on.clone_from(&old.approved_on);
                    }
                }
                scripts.push(e);
            }
        }
        Inventory {
            version: VERSION,
            mode,
            holder,
            pages: pages
                .iter()
                .map(|p| Page {
                    url: p.url.clone(),
                    headers: p.headers.clone(),
                    frames: p.frames.clone(),
                })
                .collect(),
            scripts,
        }
    }

    /// The file's text.
    pub fn to_toml(&self) -> Result<String, String> {
        toml::to_string(self)
            .map(|t| format!("{HEADER}\n{t}"))
            .map_err(|e| e.to_string())
    }

    /// Reads and checks an inventory file.
    pub fn load(path: &Path) -> Result<Inventory, String> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
        if meta.len() > 16 << 20 {
            return Err(format!("{shown}: too large for an inventory"));
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
        let inv: Inventory = toml::from_str(&text)
            .map_err(|e| format!("{shown}: not an inventory: {}", e.message()))?;
        if inv.version != VERSION {
            return Err(format!(
                "{shown}: inventory version {} (this cardseal reads {VERSION})",
                inv.version
            ));
        }
        if inv.mode != "in-page" && inv.mode != "frame" {
            return Err(format!("{shown}: mode must be \"in-page\" or \"frame\""));
        }
        if inv.mode == "frame" && inv.holder.is_none() {
            return Err(format!("{shown}: frame mode needs the holder's origin"));
        }
        Ok(inv)
    }

    /// The scripts of `page`.
    pub fn scripts_of<'a>(&'a self, page: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.scripts.iter().filter(move |e| e.page == page)
    }
}
