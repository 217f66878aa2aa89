//! `cargo run --release -p decktype-export-pdf --example pdf -- DECK.md OUT.pdf`:
//! exports one deck and times a second export in the same process.
mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: pdf DECK.md OUT.pdf");
        std::process::exit(2);
    };
    let envelope = common::envelope(input);
    let resolver = common::resolver(input);
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
