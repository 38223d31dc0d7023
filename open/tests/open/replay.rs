//! The freshness window, replay within it, pluggable replay stores that fail closed, and
//! the memory store across threads.

use super::*;

#[test]
fn freshness_window() {
    let o = opener();
    assert_eq!(
        code(o.open(&sealed(10, NOW), NOW + 900)),
        "OK",
        "exactly 15 minutes old"
    );
    assert_eq!(code(o.open(&sealed(11, NOW), NOW + 901)), "STALE");
    assert_eq!(
        code(o.open(&sealed(12, NOW + 120), NOW)),
        "OK",
        "2 minutes ahead"
    );
    assert_eq!(code(o.open(&sealed(13, NOW + 121), NOW)), "FROM_FUTURE");
    let short = opener().max_age(60).max_future(0);
    assert_eq!(code(short.open(&sealed(14, NOW), NOW + 61)), "STALE");
    assert_eq!(code(short.open(&sealed(15, NOW), NOW + 60)), "OK");
    assert_eq!(code(short.open(&sealed(16, NOW + 1), NOW)), "FROM_FUTURE");
}

#[test]
fn replay_is_refused_within_the_window() {
    let o = opener();
    let jwe = sealed(20, NOW);
    assert_eq!(code(o.open(&jwe, NOW)), "OK");
    assert_eq!(code(o.open(&jwe, NOW + 1)), "REPLAYED");
    assert_eq!(code(o.open(&jwe, NOW + 900)), "REPLAYED");
    // Past the window it is stale, which is checked first.
    assert_eq!(code(o.open(&jwe, NOW + 901)), "STALE");
    // Another JWE of the same fields is not a replay.
    assert_eq!(code(o.open(&sealed(21, NOW), NOW + 2)), "OK");
    assert_eq!(o.store().len(), 2);
}

#[test]
fn replay_store_is_pluggable_and_fails_closed() {
    let o = opener().max_age(300).with_store(Recording::default());
    let jwe = sealed(22, NOW);
    assert_eq!(code(o.open(&jwe, NOW + 10)), "OK");
    assert_eq!(code(o.open(&jwe, NOW + 11)), "REPLAYED");
    let calls = o.store().calls.borrow();
    // Opened: checked, then recorded until it is stale; the replay: checked only.
    let ops: Vec<_> = calls.iter().map(|c| (c.0, c.2, c.3)).collect();
    assert_eq!(
        ops,
        [
            ("seen", NOW + 10, 0),
            ("record", NOW + 10, NOW + 301),
            ("seen", NOW + 11, 0)
        ]
    );
    // Cheaper refusals never reach the store.
    drop(calls);
    assert_eq!(code(o.open(&sealed(23, NOW), NOW + 301)), "STALE");
    assert_eq!(o.store().calls.borrow().len(), 3);

    let down = opener().with_store(Recording {
        down: true,
        ..Recording::default()
    });
    assert_eq!(
        code(down.open(&sealed(24, NOW), NOW)),
        "REPLAY_STORE_UNAVAILABLE"
    );
}

#[test]
fn memory_store_is_shared_across_threads() {
    let o = std::sync::Arc::new(opener());
    let jwe = std::sync::Arc::new(sealed(70, NOW));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (o, jwe) = (o.clone(), jwe.clone());
            std::thread::spawn(move || o.open(&jwe, NOW).is_ok())
        })
        .collect();
    let opened = handles
        .into_iter()
        .filter(|_| true)
        .map(|h| h.join().unwrap())
        .filter(|&ok| ok)
        .count();
    assert_eq!(opened, 1, "exactly one thread opens it");
    let _: &MemoryReplayStore = o.store();
}
