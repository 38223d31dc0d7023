//! The server-rendered pages (confirmation, refusals, the staff login and order list) in
//! English and Indonesian. Every value is escaped at output, here: the shop stores what
//! shoppers typed (a shipping address may hold `<script>` or `<img onerror=…>`) as they
//! typed it, and it reaches a page only through [`escape`]. The pages carry no script and
//! only the shop's stylesheet, under the shop's CSP.

use std::fmt::Write;

/// The page languages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English
    En,
    /// Bahasa Indonesia
    Id,
}

impl Lang {
    /// `id` for Indonesian, English otherwise.
    pub fn from_code(code: Option<&str>) -> Lang {
        if code == Some("id") {
            Lang::Id
        } else {
            Lang::En
        }
    }

    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    /// Picks the text for this language.
    pub fn t(self, en: &'static str, id: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Id => id,
        }
    }
}

/// Escapes text for HTML element content and double-quoted attributes.
pub use cardseal_frame::escape;

/// Rupiah with dots between thousands: `Rp 375.000`.
pub fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::from(if amount < 0 { "-Rp " } else { "Rp " });
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A brand id (`american-express`) as shoppers know it. A card of no brand of the table
/// (`unknown`, which the core accepts and the processor may approve) is just a card.
pub fn brand_name(lang: Lang, id: &str) -> &'static str {
    // The core's brand table names every brand: one fact, one place.
    cardseal::validate::brands::by_id(id).map_or_else(|| lang.t("Card", "Kartu"), |b| b.name)
}

/// A whole page: `main` is already-escaped HTML.
pub fn page(lang: Lang, style_sri: &str, title: &str, main: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Toko Senja</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/style.css" integrity="{style_sri}">
</head>
<body>
<header class="site"><a class="logo" href="/">Toko Senja</a></header>
<main class="result">
{main}
</main>
</body>
</html>
"#,
        lang = lang.code(),
        title = escape(title),
    )
}

/// The processor's answer, as the confirmation page shows it.
pub struct Outcome<'a> {
    /// the order number
    pub order: i64,
    /// approved or declined
    pub approved: bool,
    /// brand id
    pub brand: Option<&'a str>,
    /// last four digits
    pub last4: Option<&'a str>,
    /// total in rupiah
    pub total: i64,
    /// the shipping address as stored (JSON by member name)
    pub address: &'a str,
}

/// The confirmation page: the status in words, the brand and the last 4.
pub fn confirmation(lang: Lang, style_sri: &str, o: &Outcome<'_>) -> String {
    let (title, status, class, next) = if o.approved {
        (
            lang.t("Thank you!", "Terima kasih!"),
            lang.t("Approved", "Disetujui"),
            "approved",
            lang.t(
                "Your order is on its way. The payment processor emails your receipt to the email address you gave.",
                "Pesanan Anda sedang diproses. Pemroses pembayaran mengirim tanda terima ke alamat email yang Anda berikan.",
            ),
        )
    } else {
        (
            lang.t("Payment declined", "Pembayaran ditolak"),
            lang.t("Declined", "Ditolak"),
            "declined",
            lang.t(
                "Your card was not charged. Try another card or contact your bank.",
                "Kartu Anda tidak ditagih. Coba kartu lain atau hubungi bank Anda.",
            ),
        )
    };
    let mut card = String::new();
    if let Some(brand) = o.brand {
        card.push_str(&escape(brand_name(lang, brand)));
    }
    if let Some(last4) = o.last4 {
        let _ = write!(
            card,
            " {} <span class=\"last4\">{}</span>",
            lang.t("ending in", "berakhiran"),
            escape(last4)
        );
    }
    let main = format!(
        r#"<h1>{title}</h1>
<p class="status {class}" id="status" role="status">{status_label}: <strong>{status}</strong></p>
<dl class="receipt">
<dt>{order_label}</dt><dd id="order-id">#{order}</dd>
<dt>{card_label}</dt><dd id="card">{card}</dd>
<dt>{total_label}</dt><dd>{total}</dd>
<dt>{ship_label}</dt><dd>{address}</dd>
</dl>
<p>{next}</p>
<p><a class="button" href="/">{back}</a></p>"#,
        status_label = lang.t("Payment", "Pembayaran"),
        order_label = lang.t("Order", "Pesanan"),
        order = o.order,
        card_label = lang.t("Card", "Kartu"),
        total_label = lang.t("Total", "Total"),
        total = rupiah(o.total),
        ship_label = lang.t("Ships to", "Dikirim ke"),
        address = address(o.address),
        back = lang.t("Back to the shop", "Kembali ke toko"),
    );
    page(lang, style_sri, title, &main)
}

/// A stored shipping address (JSON by member name, as the checkout stores it) as escaped
/// HTML: `<address class="ship-to">` with one line per part, in the order of the core's
/// field table. Anything unreadable shows as nothing.
pub fn address(stored: &str) -> String {
    let parsed: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(stored).unwrap_or_default();
    let lines: Vec<String> = cardseal::fields::FIELDS
        .iter()
        .filter(|f| f.group() == "address")
        .filter_map(|f| parsed.get(f.member())?.as_str())
        .filter(|v| !v.is_empty())
        .map(escape)
        .collect();
    format!(
        "<address class=\"ship-to\">{}</address>",
        lines.join("<br>")
    )
}

/// A refusal page: what went wrong and what to do.
pub fn refusal(lang: Lang, style_sri: &str, title: &str, explain: &str) -> String {
    let main = format!(
        r#"<h1>{}</h1>
<p class="status refused" id="status" role="alert">{}</p>
<p><a class="button" href="/">{}</a></p>"#,
        escape(title),
        escape(explain),
        lang.t("Back to checkout", "Kembali ke pembayaran"),
    );
    page(lang, style_sri, title, &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn brands_by_name_and_an_unknown_brand_as_a_card() {
        assert_eq!(brand_name(Lang::En, "american-express"), "American Express");
        assert_eq!(brand_name(Lang::Id, "gpn"), brand_name(Lang::En, "gpn"));
        assert_eq!(brand_name(Lang::En, "unknown"), "Card");
        assert_eq!(brand_name(Lang::Id, "unknown"), "Kartu");
        let page = |lang, brand| {
            let o = Outcome {
                order: 1,
                approved: true,
                brand: Some(brand),
                last4: Some("0004"),
                total: 5,
                address: "{}",
            };
            confirmation(lang, "sha384-x", &o)
        };
        assert!(page(Lang::En, "unknown").contains(r#"<dd id="card">Card ending in"#));
        assert!(page(Lang::Id, "unknown").contains(r#"<dd id="card">Kartu berakhiran"#));
        assert!(page(Lang::En, "visa").contains(r#"<dd id="card">Visa ending in"#));
        assert!(!page(Lang::En, "unknown").contains("unknown"));
    }

    #[test]
    fn an_address_with_markup_is_shown_as_text() {
        let stored = r#"{"line1":"<script>alert(1)</script>","line2":"<img src=x onerror=alert(2)>","city":"Bandung & \"Co\"","country":"ID"}"#;
        let html = address(stored);
        assert_eq!(
            html,
            "<address class=\"ship-to\">&lt;script&gt;alert(1)&lt;/script&gt;<br>\
             &lt;img src=x onerror=alert(2)&gt;<br>Bandung &amp; &quot;Co&quot;<br>ID</address>"
        );
        let o = Outcome {
            order: 1,
            approved: true,
            brand: None,
            last4: None,
            total: 5,
            address: stored,
        };
        let page = confirmation(Lang::En, "sha384-x", &o);
        assert!(page.contains(&html));
        assert!(!page.contains("<script") && !page.contains("<img"));
        assert_eq!(address("not json"), "<address class=\"ship-to\"></address>");
    }

    #[test]
    fn rupiah_groups_thousands() {
        assert_eq!(rupiah(0), "Rp 0");
        assert_eq!(rupiah(950), "Rp 950");
        assert_eq!(rupiah(375_000), "Rp 375.000");
        assert_eq!(rupiah(1_250_000), "Rp 1.250.000");
    }
}
