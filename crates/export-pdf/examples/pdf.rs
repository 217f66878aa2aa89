//! `cargo run --release -p decktype-export-pdf --example pdf -- DECK.md OUT.pdf`:
//! exports one deck and times a second export in the same process.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: pdf DECK.md OUT.pdf");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(input).expect("readable deck");
    let mut parsed = decktype_parse::parse(&text, &Default::default());
    let options = decktype_semantics::Options::new(Some(input), None);
    parsed
        .diagnostics
        .extend(decktype_semantics::enrich(&mut parsed.deck, &options));
    let envelope =
        decktype_export_json::Envelope::new(Some(input), &text, parsed.deck, &parsed.diagnostics);
    let resolver = decktype_assets::Resolver::new(Path::new(input).parent(), &[]);
    let options = decktype_export_pdf::Options::new(&resolver);
    for round in 0..3 {
        let t = std::time::Instant::now();
        match decktype_export_pdf::export(&envelope, &options) {
            Ok(export) => {
                eprintln!(
                    "round {round}: {} pages, {} bytes in {:?}",
                    export.pages,
                    export.pdf.len(),
                    t.elapsed()
                );
                for d in &export.diagnostics {
                    eprintln!("  {} {}: {}", d.severity.as_str(), d.code, d.message);
                }
                std::fs::write(output, &export.pdf).expect("writable output");
            }
            Err(failure) => {
                for d in &failure.diagnostics {
                    eprintln!("  {} {}: {}", d.severity.as_str(), d.code, d.message);
                }
                std::process::exit(1);
            }
        }
    }
}
