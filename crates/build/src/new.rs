//! `decktype new`: next call's deck from a template, with its date filled
//! in, and checked the way `build` will read it.

/// The SCS community's template for a new call: `template.md` of
/// SovereignCloudStack/minutes, community-call/, verbatim.
pub const SCS_TEMPLATE: &str = include_str!("../templates/scs-community-call.md");

/// The placeholders a template may hold for the date.
pub const PLACEHOLDERS: [&str; 4] = ["202X-XX-XX", "20XX-XX-XX", "XXXX-XX-XX", "YYYY-MM-DD"];

/// A new deck, and what decktype reads in it.
#[derive(Debug, Clone)]
pub struct NewDeck {
    /// The deck's text.
    pub text: String,
    /// How many places the date was written into (0: the template had no
    /// placeholder and no call date of its own).
    pub replaced: usize,
    /// The call date decktype reads from the new deck (as `build` will,
    /// with the deck's file name).
    pub date_read: Option<String>,
    /// Its slides.
    pub slides: usize,
}

/// `template` with its call date set to `date` (`YYYY-MM-DD`), read back
/// as the file `file_name` (the name it will be saved under).
pub fn new_deck(template: &str, date: &str, file_name: Option<&str>) -> NewDeck {
    let (text, replaced) = fill_date(template, date);
    let analysed = decktype_pipeline::analyse(
        file_name,
        text.as_str(),
        &decktype_pipeline::Options::default(),
    );
    NewDeck {
        date_read: analysed.deck().meta.date.clone(),
        slides: analysed.deck().slides.len(),
        text,
        replaced,
    }
}

/// `template` with its call date set to `date`; the number of places
/// changed. Placeholders first; without any, a previous deck's own call
/// date on its title slide and in its front matter.
pub fn fill_date(template: &str, date: &str) -> (String, usize) {
    let mut out = template.to_owned();
    let mut count = 0;
    for p in PLACEHOLDERS {
        count += out.matches(p).count();
        out = out.replace(p, date);
    }
    if count > 0 {
        return (out, count);
    }
    let analysed =
        decktype_pipeline::analyse(None, template, &decktype_pipeline::Options::default());
    let Some(old) = analysed.deck().meta.date.clone() else {
        return (out, 0);
    };
    // The title slide and the front matter: where the call date is written.
    let end = analysed
        .deck()
        .slides
        .iter()
        .take(2)
        .map(|s| s.span.end)
        .max()
        .unwrap_or(0)
        .min(template.len());
    let head = &template[..end];
    count = head.matches(old.as_str()).count();
    out = format!("{}{}", head.replace(old.as_str(), date), &template[end..]);
    (out, count)
}
