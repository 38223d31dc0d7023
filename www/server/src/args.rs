//! `--name value` options and a few `--flag`s, nothing more.

use std::collections::HashMap;

/// The options that take no value.
const FLAGS: &[&str] = &[
    // cardseal_open::ALLOW_WORLD_READABLE_FLAG (checked by a test below)
    "allow-world-readable-key",
];

/// The options given on the command line.
pub struct Args(HashMap<String, String>);

impl Args {
    /// Reads `--name value` pairs and the [`FLAGS`].
    pub fn parse(argv: &[String]) -> Result<Args, String> {
        let mut map = HashMap::new();
        let mut it = argv.iter();
        while let Some(flag) = it.next() {
            let name = flag
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument {flag:?}"))?;
            if FLAGS.contains(&name) {
                map.insert(name.to_owned(), String::new());
                continue;
            }
            let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
            map.insert(name.to_owned(), value.clone());
        }
        Ok(Args(map))
    }

    /// An optional option.
    pub fn opt(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Whether a flag was given.
    pub fn flag(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// A required option.
    pub fn get(&self, name: &str) -> Result<&str, String> {
        self.0
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("--{name} is required"))
    }

    /// An optional whole number, `default` when not given.
    pub fn num(&self, name: &str, default: u32) -> Result<u32, String> {
        match self.opt(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("--{name} {v:?}: a whole number above 0 expected")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_take_no_value_and_are_the_openers() {
        let argv: Vec<String> = ["--allow-world-readable-key", "--listen", "a:1"]
            .map(String::from)
            .to_vec();
        let a = Args::parse(&argv).unwrap();
        assert!(a.flag("allow-world-readable-key"));
        assert_eq!(a.opt("listen"), Some("a:1"));
        assert!(!a.flag("listen-x"));
        assert_eq!(
            format!("--{}", FLAGS[0]),
            cardseal_open::ALLOW_WORLD_READABLE_FLAG
        );
        let n = Args::parse(&["--n".into(), "0".into()]).unwrap();
        assert!(n.num("n", 5).is_err());
        assert_eq!(n.num("m", 5), Ok(5));
    }
}
