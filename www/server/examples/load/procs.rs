//! The services under load, each a child process on a free loopback port that is
//! stopped by its pid when dropped: two processors sharing a Redis, and the shop.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A `cardseal-demo` service: its address and its stderr log file.
pub struct Service {
    pub addr: String,
    pub log: PathBuf,
    child: Option<Child>,
}

impl Service {
    /// Starts `bin` with `args`, its stderr into `log`, and waits (at most 30 s) for the
    /// "NAME listening on http://ADDR/" line on its stdout.
    pub fn start(name: &str, bin: &Path, args: &[&str], log: PathBuf) -> Result<Service, String> {
        Service::start_env(name, bin, args, &[], log)
    }

    /// [`Service::start`] with `envs` added to its environment (a secret stays off the
    /// command line).
    pub fn start_env(
        name: &str,
        bin: &Path,
        args: &[&str],
        envs: &[(&str, &str)],
        log: PathBuf,
    ) -> Result<Service, String> {
        let err_file =
            std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let mut child = Command::new(bin)
            .args(args)
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(err_file)
            .spawn()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = mpsc::channel();
        // Reads the announcement, then drains stdout until the process ends.
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(Result::ok);
            let _ = tx.send(first);
            for _ in lines {}
        });
        let mut service = Service {
            addr: String::new(),
            log,
            child: Some(child),
        };
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .ok()
            .flatten()
            .ok_or_else(|| format!("{name} did not start; see {}", service.log.display()))?;
        service.addr = line
            .rsplit("http://")
            .next()
            .map(|a| a.trim_end_matches('/').to_owned())
            .filter(|a| a.starts_with("127.0.0.1:"))
            .ok_or_else(|| format!("{name}: unexpected first line {line:?}"))?;
        Ok(service)
    }

    /// Asks it to stop (SIGTERM: it finishes the requests in flight) and waits at most
    /// 10 s, then kills it.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        for _ in 0..200 {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    /// The `jti`s of the approvals it logged ("processor: approved jti=…").
    pub fn approvals(&self) -> Result<Vec<String>, String> {
        let text = std::fs::read_to_string(&self.log)
            .map_err(|e| format!("{}: {e}", self.log.display()))?;
        Ok(text
            .lines()
            .filter_map(|l| l.strip_prefix("processor: approved jti="))
            .filter_map(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
            .collect())
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.stop();
    }
}
