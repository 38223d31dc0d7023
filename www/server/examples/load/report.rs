//! The load itself (the checkout tasks and the replay checks) and what it counts.

use crate::{http, Config, Shared};
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

const FORM: &str = "application/x-www-form-urlencoded";

/// One checkout as the client saw it: seconds from the start, and the shop's status
/// (0: no answer).
#[derive(Clone, Copy)]
pub struct Record {
    pub start: f64,
    pub end: f64,
    pub status: u16,
}

/// When the faults happened, in seconds from the start (`None`: not reached).
#[derive(Default)]
pub struct Events {
    pub redis_down: Option<f64>,
    /// Sentinel: the primary was killed for good (`redis_down`) and a replica promoted
    /// (`redis_restart` = `redis_up`: when the sentinels named it and it answered)
    pub failover: bool,
    /// when the restart began (the outage's end)
    pub redis_restart: Option<f64>,
    /// when the restarted Redis answered
    pub redis_up: Option<f64>,
    pub b_stopped: Option<f64>,
}

/// Replays re-posted: how many tried, and how many each target refused as a replay.
#[derive(Default)]
pub struct Replays {
    pub tried: usize,
    pub refused: Vec<(String, usize)>,
    /// the other answers: (target, status, body), the first few
    pub other: Vec<(String, u16, String)>,
}

/// What the run measured.
pub struct Outcome {
    pub replays: Replays,
}

/// What was checked after the run.
pub struct After {
    /// every order by `jti`: (status, error)
    pub orders: HashMap<String, (String, Option<String>)>,
    /// replays to processor A of checkouts decided before the outage, and after it
    pub before_outage: Replays,
    pub after_outage: Replays,
}

/// Posts every checkout, `cfg.concurrency` at a time, and the replays at 30 %.
pub async fn drive(
    cfg: &Config,
    shared: &Arc<Shared>,
    shop: &str,
    processors: &[String; 2],
) -> Result<Outcome, String> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..cfg.concurrency {
        let (shared, shop) = (shared.clone(), shop.to_owned());
        tasks.spawn(worker(shared, shop));
    }
    let replays = {
        let shared = shared.clone();
        let (shop, a, b) = (
            shop.to_owned(),
            processors[0].clone(),
            processors[1].clone(),
        );
        let max = cfg.replays;
        tokio::spawn(async move {
            let mut replays = Replays::default();
            if wait_for(&shared, 0.30).await {
                let decided = decided(&shared, |_| true, max);
                let both = [("processor A", a.as_str()), ("processor B", b.as_str())];
                replays = replay(&shared, &decided, "", &both).await;
                // The shop refuses a replay itself (the order's jti), without Redis: the
                // outage need not wait for it.
                shared.replays_done.store(true, Ordering::SeqCst);
                let at_shop = replay(&shared, &decided, &shop, &[]).await;
                replays.refused.extend(at_shop.refused);
                replays.other.extend(at_shop.other);
            }
            shared.replays_done.store(true, Ordering::SeqCst);
            replays
        })
    };
    while tasks.join_next().await.is_some() {}
    shared.finished.store(true, Ordering::SeqCst);
    let replays = replays.await.map_err(|e| e.to_string())?;
    Ok(Outcome { replays })
}

/// Takes checkouts in turn until none is left or the deadline passes.
async fn worker(shared: Arc<Shared>, shop: String) {
    while Instant::now() < shared.deadline {
        let i = shared.next.fetch_add(1, Ordering::SeqCst);
        let Some(c) = shared.checkouts.get(i) else {
            break;
        };
        let start = shared.now();
        let (status, _) = http::request(
            &shop,
            "/checkout",
            Some((FORM, c.body.clone().into_bytes())),
            &[("cookie", &shared.doors.csrf_cookie)],
        )
        .await;
        let record = Record {
            start,
            end: shared.now(),
            status,
        };
        if let Ok(mut records) = shared.records.lock() {
            records[i] = Some(record);
        }
        shared.done.fetch_add(1, Ordering::SeqCst);
    }
}

/// Waits (polling, bounded by the deadline) until `share` of the checkouts are done.
async fn wait_for(shared: &Shared, share: f64) -> bool {
    let target = (shared.checkouts.len() as f64 * share) as usize;
    while Instant::now() < shared.deadline && !shared.finished.load(Ordering::SeqCst) {
        if shared.done.load(Ordering::SeqCst) >= target {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    false
}

/// Up to `max` checkouts the shop answered 200 (approved or declined), chosen by `keep`.
fn decided(shared: &Shared, keep: impl Fn(&Record) -> bool, max: usize) -> Vec<usize> {
    let Ok(records) = shared.records.lock() else {
        return Vec::new();
    };
    records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.filter(|r| r.status == 200 && keep(r)).map(|_| i))
        .take(max)
        .collect()
}

/// Re-posts each checkout, 16 requests at a time: the JWE to each processor, and the
/// body to the shop when `shop` is not empty. Counts the refusals as a replay (409).
async fn replay(
    shared: &Shared,
    which: &[usize],
    shop: &str,
    processors: &[(&str, &str)],
) -> Replays {
    let mut targets: Vec<(String, String, bool)> = processors
        .iter()
        .map(|(name, addr)| ((*name).to_owned(), (*addr).to_owned(), true))
        .collect();
    if !shop.is_empty() {
        targets.push(("shop".to_owned(), shop.to_owned(), false));
    }
    let mut refused = vec![0usize; targets.len()];
    let mut other = Vec::new();
    let mut requests = which
        .iter()
        .flat_map(|&i| (0..targets.len()).map(move |t| (i, t)));
    let mut in_flight = tokio::task::JoinSet::new();
    loop {
        while in_flight.len() < 16 {
            let Some((i, t)) = requests.next() else { break };
            let c = &shared.checkouts[i];
            let (_, addr, is_processor) = &targets[t];
            let (addr, path, post) = if *is_processor {
                let jwe = serde_json::json!({ "jwe": c.jwe }).to_string().into_bytes();
                (addr.clone(), "/authorize", ("application/json", jwe))
            } else {
                (
                    addr.clone(),
                    "/checkout",
                    (FORM, c.body.clone().into_bytes()),
                )
            };
            let header = if *is_processor {
                ("authorization", shared.doors.bearer.clone())
            } else {
                ("cookie", shared.doors.csrf_cookie.clone())
            };
            in_flight.spawn(async move {
                let (status, body) =
                    http::request(&addr, path, Some(post), &[(header.0, &header.1)]).await;
                let replayed = status == 409
                    && (path == "/checkout" || body.as_ref() == br#"{"error":"REPLAYED"}"#);
                (t, replayed, status, body)
            });
        }
        let Some(done) = in_flight.join_next().await else {
            break;
        };
        match done {
            Ok((t, true, _, _)) => refused[t] += 1,
            Ok((t, false, status, body)) if other.len() < 5 => {
                let body = String::from_utf8_lossy(&body).chars().take(120).collect();
                other.push((targets[t].0.clone(), status, body));
            }
            _ => {}
        }
    }
    Replays {
        tried: which.len(),
        refused: targets
            .into_iter()
            .zip(refused)
            .map(|((name, _, _), n)| (name, n))
            .collect(),
        other,
    }
}

/// After the run: the shop's orders, and replays to processor A of checkouts decided
/// before the Redis outage and after it (the records must have survived the restart).
pub async fn after_run(
    cfg: &Config,
    shared: &Shared,
    shop: &str,
    a: &str,
    ev: &Events,
) -> Result<After, String> {
    let session = shared.doors.staff_login(shop).await?;
    let (status, body) = http::request(
        shop,
        "/orders",
        None,
        &[("cookie", &session), ("accept", "application/json")],
    )
    .await;
    if status != 200 {
        return Err(format!("GET /orders answered {status}"));
    }
    let list: Vec<serde_json::Value> =
        serde_json::from_slice(&body).map_err(|e| format!("/orders: {e}"))?;
    let orders = list
        .iter()
        .filter_map(|o| {
            let jti = o["jti"].as_str()?.to_owned();
            let status = o["status"].as_str()?.to_owned();
            Some((jti, (status, o["error"].as_str().map(str::to_owned))))
        })
        .collect();
    let (down, up) = (
        ev.redis_down.unwrap_or(f64::MAX),
        ev.redis_up.unwrap_or(f64::MAX),
    );
    let max = cfg.replays / 2;
    let target = [("processor A", a)];
    let before = decided(shared, |r| r.end < down, max);
    let after = decided(shared, |r| r.start > up, max);
    Ok(After {
        orders,
        before_outage: replay(shared, &before, "", &target).await,
        after_outage: replay(shared, &after, "", &target).await,
    })
}

/// The failover's figures and checks: every checkout refused is a 503 whose order failed
/// `REPLAY_STORE_UNAVAILABLE`, none ended before the kill, and approvals resumed after the
/// promotion. The refused window runs from the first refused checkout's start to the last
/// one's end.
fn print_failover<'a>(
    posted: &[(usize, Record)],
    status_is: &dyn Fn(usize, &str) -> bool,
    order: &dyn Fn(usize) -> Option<&'a (String, Option<String>)>,
    down: f64,
    promoted: Option<f64>,
) -> bool {
    let Some(up) = promoted else {
        println!("  primary killed at {down:.1} s: no replica promoted within 30 s");
        return false;
    };
    let refused: Vec<&(usize, Record)> = posted.iter().filter(|(_, r)| r.status == 503).collect();
    let clear = refused
        .iter()
        .filter(|(i, _)| {
            order(*i).is_some_and(|(s, e)| {
                s == "failed" && e.as_deref() == Some("REPLAY_STORE_UNAVAILABLE")
            })
        })
        .count();
    let early = refused.iter().filter(|(_, r)| r.end < down).count();
    let first = refused
        .iter()
        .map(|(_, r)| r.start)
        .fold(f64::MAX, f64::min);
    let last = refused.iter().map(|(_, r)| r.end).fold(0.0, f64::max);
    let approved_after = posted
        .iter()
        .filter(|(i, r)| r.start > up && status_is(*i, "approved"))
        .count();
    println!(
        "  primary killed at {down:.1} s, a replica promoted {:.1} s later: {} checkouts refused \
         503 ({clear} with order failed REPLAY_STORE_UNAVAILABLE, {early} before the kill) from \
         {first:.1} s to {last:.1} s, a refused window of {:.1} s; {approved_after} approved after",
        up - down,
        refused.len(),
        (last - first).max(0.0)
    );
    !refused.is_empty() && clear == refused.len() && early == 0 && approved_after > 0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Prints the figures and the checks; whether every check passed.
pub fn print(
    cfg: &Config,
    shared: &Shared,
    outcome: &Outcome,
    after: &After,
    ev: &Events,
    approvals: &[String],
) -> bool {
    let records = shared.records.lock().map(|r| r.clone()).unwrap_or_default();
    let posted: Vec<(usize, Record)> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|r| (i, r)))
        .collect();
    let elapsed = posted.iter().map(|(_, r)| r.end).fold(0.0, f64::max);
    let mut latencies: Vec<f64> = posted
        .iter()
        .map(|(_, r)| (r.end - r.start) * 1e3)
        .collect();
    latencies.sort_by(f64::total_cmp);
    // Decided checkouts (200) alone: the outage's fast refusals left out.
    let mut decided_ms: Vec<f64> = posted
        .iter()
        .filter(|(_, r)| r.status == 200)
        .map(|(_, r)| (r.end - r.start) * 1e3)
        .collect();
    decided_ms.sort_by(f64::total_cmp);
    let outage = match (ev.redis_down, ev.redis_restart) {
        (Some(down), Some(restart)) => restart - down,
        _ => 0.0,
    };
    let order = |i: usize| after.orders.get(&shared.checkouts[i].jti);
    let status_is = |i: usize, s: &str| order(i).is_some_and(|(st, _)| st == s);

    let count = |f: &dyn Fn(&String, &Option<String>) -> bool| {
        after.orders.values().filter(|(s, e)| f(s, e)).count()
    };
    let (approved, declined) = (
        count(&|s, _| s == "approved"),
        count(&|s, _| s == "declined"),
    );
    let (failed, pending) = (count(&|s, _| s == "failed"), count(&|s, _| s == "pending"));
    let mut failures: HashMap<&str, usize> = HashMap::new();
    for (s, e) in after.orders.values() {
        if s == "failed" {
            *failures.entry(e.as_deref().unwrap_or("?")).or_default() += 1;
        }
    }
    // A checkout is accounted for when it ended as an order with a decision or a
    // failure, or was refused (4xx) with nothing stored. Anything else is lost.
    let refused = posted
        .iter()
        .filter(|(i, r)| (400..500).contains(&r.status) && order(*i).is_none())
        .count();
    let lost: Vec<usize> = posted
        .iter()
        .filter(|(i, r)| {
            let ok = match r.status {
                200 => status_is(*i, "approved") || status_is(*i, "declined"),
                503 => status_is(*i, "failed"),
                400..=499 => order(*i).is_none(),
                _ => false,
            };
            !ok
        })
        .map(|(i, _)| *i)
        .collect();
    let mut per_jti: HashMap<&str, usize> = HashMap::new();
    for j in approvals {
        *per_jti.entry(j.as_str()).or_default() += 1;
    }
    let twice = per_jti.values().filter(|&&n| n > 1).count();
    let unknown_to_shop = per_jti
        .keys()
        .filter(|j| after.orders.get(**j).is_none_or(|(s, _)| s != "approved"))
        .count();
    let shop_only = after
        .orders
        .iter()
        .filter(|(j, (s, _))| s == "approved" && !per_jti.contains_key(j.as_str()))
        .count();

    println!(
        "load: {} checkouts posted to the shop ({} sealed), concurrency {}, in {elapsed:.1} s: \
         {:.0} checkouts/s; latency p50 {:.1} ms, p99 {:.1} ms",
        posted.len(),
        shared.checkouts.len(),
        cfg.concurrency,
        posted.len() as f64 / elapsed.max(1e-9),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99)
    );
    println!(
        "  decided (200) {}: {:.0}/s outside the Redis outage; latency p50 {:.1} ms, p99 {:.1} ms",
        decided_ms.len(),
        decided_ms.len() as f64 / (elapsed - outage).max(1e-9),
        percentile(&decided_ms, 0.50),
        percentile(&decided_ms, 0.99)
    );
    let mut failures: Vec<_> = failures.into_iter().collect();
    failures.sort();
    println!(
        "  orders stored {}: approved {approved}, declined {declined}, failed {failed} {failures:?}, \
         pending {pending}; refused by the shop with nothing stored: {refused}",
        after.orders.len()
    );
    println!(
        "  lost {}, approved twice {twice}; approved by a processor but not in the shop {unknown_to_shop}, \
         approved in the shop but by no processor {shop_only}",
        lost.len()
    );
    let mut ok = posted.len() == shared.checkouts.len();
    ok &= lost.is_empty() && twice == 0 && unknown_to_shop == 0 && shop_only == 0 && pending == 0;
    for &i in lost.iter().take(5) {
        println!(
            "    lost: checkout {i}: answer {}, order {:?}",
            records[i].map_or(0, |r| r.status),
            order(i)
        );
    }

    let show = |what: &str, r: &Replays| {
        let all = r.refused.iter().all(|(_, n)| *n == r.tried);
        let each: Vec<String> = r
            .refused
            .iter()
            .map(|(who, n)| format!("{who} {n}/{}", r.tried))
            .collect();
        println!("  {what}: {} refused as replays", each.join(", "));
        for (who, status, body) in &r.other {
            println!("    not refused: {who} answered {status} {body:?}");
        }
        all && r.tried > 0
    };
    ok &= show("replays of decided checkouts at 30 %", &outcome.replays);
    ok &= show(
        "after the run, replays decided before the Redis outage",
        &after.before_outage,
    );
    ok &= show(
        "after the run, replays decided after the Redis outage",
        &after.after_outage,
    );

    match (ev.redis_down, ev.redis_restart, ev.redis_up) {
        (Some(down), promoted, _) if ev.failover => {
            ok &= print_failover(&posted, &status_is, &order, down, promoted);
        }
        (Some(down), Some(restart), Some(up)) => {
            let during: Vec<usize> = posted
                .iter()
                .filter(|(_, r)| r.start >= down && r.end <= restart)
                .map(|(i, _)| *i)
                .collect();
            let approved_during = during.iter().filter(|&&i| status_is(i, "approved")).count();
            let clear = during
                .iter()
                .filter(|&&i| {
                    records[i].is_some_and(|r| r.status == 503)
                        && order(i).is_some_and(|(s, e)| {
                            s == "failed" && e.as_deref() == Some("REPLAY_STORE_UNAVAILABLE")
                        })
                })
                .count();
            let approved_after = posted
                .iter()
                .filter(|(i, r)| r.start > up && status_is(*i, "approved"))
                .count();
            println!(
                "  Redis killed at {down:.1} s for {:.1} s: {} checkouts within it, {approved_during} approved, \
                 {clear} refused 503 with order failed REPLAY_STORE_UNAVAILABLE; {approved_after} approved after",
                restart - down,
                during.len()
            );
            ok &= !during.is_empty()
                && approved_during == 0
                && clear == during.len()
                && approved_after > 0;
        }
        _ => {
            println!("  Redis outage: not reached");
            ok = false;
        }
    }
    match ev.b_stopped {
        Some(t) => {
            let since: Vec<usize> = posted
                .iter()
                .filter(|(_, r)| r.start > t)
                .map(|(i, _)| *i)
                .collect();
            let approved_since = since.iter().filter(|&&i| status_is(i, "approved")).count();
            let failed_since = since.iter().filter(|&&i| status_is(i, "failed")).count();
            println!(
                "  processor B stopped at {t:.1} s: {} checkouts since, {approved_since} approved through A, \
                 {failed_since} failed",
                since.len()
            );
            ok &= approved_since > 0 && failed_since == 0;
        }
        None => {
            println!("  processor B stop: not reached");
            ok = false;
        }
    }
    println!("load: {}", if ok { "PASS" } else { "FAIL" });
    ok
}
