//! Where one PDF export's time goes: typst's own timing events, summed by
//! name over ten exports with typst's caches cleared (events on several
//! threads add up, so the sums can exceed the wall time).
//!
//! ```text
//! cargo run --release -p decktype-export-pdf --example phases -- DECK.md
//! NO_IMAGES=1 cargo run --release -p decktype-export-pdf --example phases -- DECK.md
//! IMAGE_CACHE=DIR cargo run --release -p decktype-export-pdf --example phases -- DECK.md
//! ```
//!
//! `IMAGE_CACHE` exports with prepared images kept in `DIR` (warm after the
//! first export); `ROUNDS` sets the number of exports (default 10).
use std::collections::BTreeMap;
mod common;

fn main() {
    let input = std::env::args().nth(1).expect("deck");
    let envelope = common::envelope(&input);
    let resolver = if std::env::var_os("NO_IMAGES").is_some() {
        decktype_assets::Resolver::none()
    } else {
        common::resolver(&input)
    };
    let settings = decktype_export_pdf::Settings {
        image_cache: std::env::var_os("IMAGE_CACHE").map(Into::into),
        ..decktype_export_pdf::Settings::default()
    };
    let options = decktype_export_pdf::Options::with_settings(&resolver, &settings);
    let _ = decktype_export_pdf::export(&envelope, &options);
    let mut totals: BTreeMap<String, f64> = BTreeMap::new();
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let rounds: u32 = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    let t = std::time::Instant::now();
    for _ in 0..rounds {
        decktype_export_pdf::clear_caches();
        typst_timing::clear();
        typst_timing::enable();
        let _ = decktype_export_pdf::export(&envelope, &options).unwrap();
        typst_timing::disable();
        let mut buf = Vec::new();
        typst_timing::export_json(&mut buf, |_| ("".into(), 0)).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        let mut open: BTreeMap<(u64, String), f64> = BTreeMap::new();
        for e in v.as_array().unwrap() {
            let name = e["name"].as_str().unwrap().to_owned();
            let tid = e["tid"].as_u64().unwrap_or(0);
            let ts = e["ts"].as_f64().unwrap();
            match e["ph"].as_str().unwrap() {
                "B" => {
                    open.insert((tid, name), ts);
                }
                "E" => {
                    if let Some(s) = open.remove(&(tid, name.clone())) {
                        *counts.entry(name.clone()).or_default() += 1;
                        *totals.entry(name).or_default() += ts - s;
                    }
                }
                _ => {}
            }
        }
    }
    eprintln!(
        "mean export {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3 / rounds as f64
    );
    let mut v: Vec<_> = totals.into_iter().collect();
    v.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap());
    for (k, t) in v.iter().take(30) {
        let n = f64::from(counts[k]) / f64::from(rounds);
        eprintln!("{:>9.2} ms  {n:>7.1}x  {k}", t / 1000.0 / f64::from(rounds));
    }
}
