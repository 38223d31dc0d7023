//! The order store: one SQLite table. It holds what a shop may keep: the cart, the
//! shipping address (in the `contact` column, JSON, as the shopper typed it: markup and
//! all, since a store must not guess at what a value means; every page escapes it at
//! output), the card summary (brand, last 4), the JWE's `kid` and `jti`, and the
//! processor's decision. Never the JWE, never card data, never the sealed contact.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS orders (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,              -- Unix seconds
    kid         TEXT NOT NULL,
    jti         TEXT NOT NULL UNIQUE,          -- a second post of one JWE is a replay
    brand       TEXT,
    last4       TEXT,
    total       INTEGER NOT NULL,              -- in the currency's minor unit
    currency    TEXT NOT NULL,
    contact     TEXT NOT NULL,                 -- JSON: name, email, phone, address
    status      TEXT NOT NULL
                CHECK (status IN ('pending', 'approved', 'declined', 'failed')),
    error       TEXT                           -- why a failed order has no decision
);";

/// The first schema's table (no `failed`, no `error`) rebuilt as the current one.
const MIGRATE_V1: &str = "
ALTER TABLE orders RENAME TO orders_v1;
{SCHEMA}
INSERT INTO orders (id, created_at, kid, jti, brand, last4, total, currency, contact, status)
    SELECT id, created_at, kid, jti, brand, last4, total, currency, contact, status
    FROM orders_v1;
DROP TABLE orders_v1;";

/// A new order, before the processor's decision.
pub struct NewOrder<'a> {
    /// Unix seconds
    pub created_at: u64,
    /// the JWE's key id
    pub kid: &'a str,
    /// the JWE's unique id
    pub jti: &'a str,
    /// the total in minor units
    pub total: i64,
    /// ISO 4217 code
    pub currency: &'a str,
    /// contact and shipping details, JSON
    pub contact: &'a str,
}

/// An order as `GET /orders` shows it.
#[derive(Serialize)]
pub struct Order {
    /// order number
    pub id: i64,
    /// ISO 8601, UTC
    pub time: String,
    /// brand and last 4
    pub summary: Summary,
    /// `pending`, `approved`, `declined` or `failed`
    pub status: String,
    /// why a failed order has no decision, e.g. `REPLAY_STORE_UNAVAILABLE`
    pub error: Option<String>,
    /// the JWE's key id
    pub kid: String,
    /// the JWE's unique id
    pub jti: String,
    /// the shipping address (an object by member name), as the shopper typed it: pages
    /// escape it at output ([`crate::html::address`])
    pub address: serde_json::Value,
    /// the same, as stored
    #[serde(skip)]
    pub contact: String,
}

/// The card summary kept with an order.
#[derive(Serialize)]
pub struct Summary {
    /// brand id, e.g. `visa`
    pub brand: Option<String>,
    /// the last four digits
    pub last4: Option<String>,
}

/// Why an order could not be inserted.
pub enum InsertError {
    /// an order with this `jti` exists
    Replayed,
    /// anything else
    Db(String),
}

/// Opens (creating if needed) the database file.
pub fn open(path: &Path) -> Result<Connection, String> {
    let conn = Connection::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // Deleted rows are overwritten, not left in free pages. A write-ahead log synced on
    // every commit: as durable as the rollback journal, with one fsync a commit instead
    // of several and a journal file made and unlinked each time (a checkout commits
    // twice: 37-100 ms became 7-15 ms a checkout on this machine).
    conn.execute_batch(&format!(
        "PRAGMA secure_delete = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
         {SCHEMA}"
    ))
    .map_err(|e| format!("{}: {e}", path.display()))?;
    migrate(&conn).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(conn)
}

/// Brings a database of the first schema to the current one, in one transaction.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let current = conn
        .prepare("SELECT 1 FROM pragma_table_info('orders') WHERE name = 'error'")?
        .exists([])?;
    if !current {
        let sql = MIGRATE_V1.replace("{SCHEMA}", SCHEMA);
        conn.execute_batch(&format!("BEGIN; {sql} COMMIT;"))?;
    }
    Ok(())
}

/// Inserts a pending order; returns its id.
pub fn insert(conn: &Connection, o: &NewOrder<'_>) -> Result<i64, InsertError> {
    let seen: Option<i64> = conn
        .query_row("SELECT id FROM orders WHERE jti = ?1", [o.jti], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|e| InsertError::Db(e.to_string()))?;
    if seen.is_some() {
        return Err(InsertError::Replayed);
    }
    conn.execute(
        "INSERT INTO orders (created_at, kid, jti, total, currency, contact, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending')",
        params![
            o.created_at as i64,
            o.kid,
            o.jti,
            o.total,
            o.currency,
            o.contact
        ],
    )
    .map_err(|e| InsertError::Db(e.to_string()))?;
    Ok(conn.last_insert_rowid())
}

/// Records the processor's decision and the summary it returned.
pub fn decide(
    conn: &Connection,
    id: i64,
    approved: bool,
    brand: Option<&str>,
    last4: Option<&str>,
) -> Result<(), String> {
    conn.execute(
        "UPDATE orders SET status = ?2, brand = ?3, last4 = ?4 WHERE id = ?1",
        params![
            id,
            if approved { "approved" } else { "declined" },
            brand,
            last4
        ],
    )
    .map(drop)
    .map_err(|e| e.to_string())
}

/// Marks an order `failed` with the code of why no processor gave a decision.
pub fn fail(conn: &Connection, id: i64, error: &str) -> Result<(), String> {
    conn.execute(
        "UPDATE orders SET status = 'failed', error = ?2 WHERE id = ?1",
        params![id, error],
    )
    .map(drop)
    .map_err(|e| e.to_string())
}

/// Removes an order the processor refused, so nothing stays stored half-way.
pub fn remove(conn: &Connection, id: i64) -> Result<(), String> {
    conn.execute("DELETE FROM orders WHERE id = ?1", [id])
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Every order, newest first.
pub fn list(conn: &Connection) -> Result<Vec<Order>, String> {
    let mut stmt = conn
        .prepare(
            "SELECT id, created_at, brand, last4, status, kid, jti, error, contact FROM orders \
             ORDER BY id DESC",
        )
        .map_err(|e| e.to_string())?;
    let rows = stmt
        .query_map([], |r| {
            let contact: String = r.get(8)?;
            Ok(Order {
                address: serde_json::from_str(&contact).unwrap_or_default(),
                contact,
                id: r.get(0)?,
                time: iso8601(r.get::<_, i64>(1)?),
                summary: Summary {
                    brand: r.get(2)?,
                    last4: r.get(3)?,
                },
                status: r.get(4)?,
                kid: r.get(5)?,
                jti: r.get(6)?,
                error: r.get(7)?,
            })
        })
        .map_err(|e| e.to_string())?;
    rows.collect::<Result<_, _>>().map_err(|e| e.to_string())
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds (civil-from-days, H. Hinnant).
fn iso8601(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty store and an order to put in it.
    fn fresh() -> (Connection, NewOrder<'static>) {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        let o = NewOrder {
            created_at: 1,
            kid: "k",
            jti: "j",
            total: 5,
            currency: "IDR",
            contact: "{}",
        };
        (conn, o)
    }

    #[test]
    fn iso8601_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_790_000_000), "2026-09-21T14:13:20Z");
    }

    #[test]
    fn a_jti_is_stored_once_and_a_refused_order_leaves_nothing() {
        let (conn, o) = fresh();
        let id = insert(&conn, &o).ok().unwrap();
        assert!(matches!(insert(&conn, &o), Err(InsertError::Replayed)));
        decide(&conn, id, true, Some("visa"), Some("4242")).unwrap();
        let all = list(&conn).unwrap();
        assert_eq!(
            (all[0].status.as_str(), all[0].summary.last4.as_deref()),
            ("approved", Some("4242"))
        );
        remove(&conn, id).unwrap();
        assert!(list(&conn).unwrap().is_empty());
    }

    #[test]
    fn a_failed_order_keeps_its_reason() {
        let (conn, o) = fresh();
        let id = insert(&conn, &o).ok().unwrap();
        fail(&conn, id, "REPLAY_STORE_UNAVAILABLE").unwrap();
        let all = list(&conn).unwrap();
        assert_eq!(
            (all[0].status.as_str(), all[0].error.as_deref()),
            ("failed", Some("REPLAY_STORE_UNAVAILABLE"))
        );
    }

    #[test]
    fn a_first_schema_database_is_migrated_with_its_orders() {
        let dir = std::env::temp_dir().join(format!("cardseal-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("v1.sqlite3");
        let _ = std::fs::remove_file(&path);
        {
            let v1 = Connection::open(&path).unwrap();
            v1.execute_batch(
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL,
                 kid TEXT NOT NULL, jti TEXT NOT NULL UNIQUE, brand TEXT, last4 TEXT,
                 total INTEGER NOT NULL, currency TEXT NOT NULL, contact TEXT NOT NULL,
                 status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')));
                 INSERT INTO orders VALUES (7, 1, 'k', 'j', 'visa', '4242', 5, 'IDR', '{}', 'approved');",
            )
            .unwrap();
        }
        let conn = open(&path).unwrap();
        let all = list(&conn).unwrap();
        assert_eq!((all[0].id, all[0].status.as_str()), (7, "approved"));
        let o = NewOrder {
            created_at: 2,
            kid: "k",
            jti: "j2",
            total: 5,
            currency: "IDR",
            contact: "{}",
        };
        let id = insert(&conn, &o).ok().unwrap();
        fail(&conn, id, "NO_ANSWER").unwrap();
        assert!(matches!(insert(&conn, &o), Err(InsertError::Replayed)));
        drop(conn);
        // Opening it again changes nothing.
        assert_eq!(list(&open(&path).unwrap()).unwrap().len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
