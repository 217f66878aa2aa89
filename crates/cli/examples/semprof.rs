//! temp
use std::hint::black_box;
fn main() {
    let dir = std::path::PathBuf::from("../shared/corpus/scs-community-call");
    let mut decks = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            let s = std::fs::read_to_string(&p).unwrap();
            decks.push(decktype_parse::parse(&s, &Default::default()).deck);
        }
    }
    let options = decktype_semantics::Options::new(Some("20240418.md"), None);
    let t = std::time::Instant::now();
    let n = 300;
    for _ in 0..n {
        for d in &decks {
            let mut d = d.clone();
            black_box(decktype_semantics::enrich(&mut d, &options));
        }
    }
    let t2 = std::time::Instant::now();
    for _ in 0..n {
        for d in &decks {
            let d = d.clone();
            black_box(&d);
        }
    }
    println!(
        "clone {:.3} ms per deck",
        t2.elapsed().as_secs_f64() * 1e3 / (n * decks.len()) as f64
    );
    let mut json0 = 0;
    let mut json1 = 0;
    for d in &decks {
        json0 += serde_json::to_string(d).unwrap().len();
        let mut d = d.clone();
        decktype_semantics::enrich(&mut d, &options);
        json1 += serde_json::to_string(&d).unwrap().len();
    }
    println!("json bytes {json0} -> {json1}");
    println!(
        "{:.3} ms per deck",
        t.elapsed().as_secs_f64() * 1e3 / (n * decks.len()) as f64
    );
}
#[allow(dead_code)]
fn counts() {}
