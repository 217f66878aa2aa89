//! The fonts of an export: the bundled ones first, so a deck they can show
//! looks the same on every machine; then, only for characters none of them
//! has, fonts from the `--font-path` folders and the machine's fonts; last
//! typst's math font, which has Devanagari but sets it poorly.
//!
//! Folders and the machine are searched with typst-kit (fontdb), each once
//! per process and only when a deck has a character the fonts before them
//! lack; a found font's bytes are read when typst first uses it (typst-kit's
//! `FontStore` slots). One family serves each character, chosen here, not
//! by typst: the world's font book lists the chosen families' fonts with
//! only the characters they serve, so typst's fallback can only pick them,
//! and `/pdf.json` can say which font serves which script.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use typst::foundations::Bytes;
use typst::text::{
    Coverage, Font, FontBook, FontFlags, FontInfo, FontStretch, FontStyle, FontVariations,
    FontWeight,
};
use typst::utils::LazyHash;
use typst_kit::fonts::FontStore;
use unicode_script::{Script, UnicodeScript};

use crate::view::{FontSource, FontUse};

/// Lato (text), DejaVu Sans (symbols Lato lacks), Noto Color Emoji, and
/// typst's own fonts (DejaVu Sans Mono for code, New Computer Modern Math).
const BUNDLED_FILES: &[&[u8]] = &[
    include_bytes!("../fonts/Lato-Regular.ttf"),
    include_bytes!("../fonts/Lato-Bold.ttf"),
    include_bytes!("../fonts/Lato-Italic.ttf"),
    include_bytes!("../fonts/Lato-BoldItalic.ttf"),
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/NotoColorEmoji.ttf"),
];

/// The bundled fonts, parsed once per process, in the order they are
/// preferred.
static BUNDLED: LazyLock<Vec<Font>> = LazyLock::new(|| {
    BUNDLED_FILES
        .iter()
        .copied()
        .chain(typst_assets::fonts())
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
});

/// typst's math font. It has some scripts (Devanagari) for formulas, with
/// wide spacing: it serves a character of text only when no other font
/// has it.
const MATH_FAMILY: &str = "New Computer Modern Math";

/// The first bundled font that has `c`: the text fonts (the `body` font
/// of the deck's theme first), else (`math`) the math font.
fn bundled(c: char, math: bool, body: &str) -> Option<&'static Font> {
    let (first, rest): (Vec<&Font>, Vec<&Font>) = BUNDLED
        .iter()
        .filter(|f| (f.info().family == MATH_FAMILY) == math)
        .partition(|f| f.info().family.eq_ignore_ascii_case(body));
    first
        .into_iter()
        .chain(rest)
        .find(|f| f.info().coverage.contains(c as u32))
}

/// The narrowest advance of `c`, in em, among the styles (regular, bold,
/// italic ...) of the bundled family that serves it in body text (the
/// theme's `body` font first): a lower bound of its width in any of them.
/// `None` when no bundled text font has it.
pub(crate) fn narrowest_advance(c: char, body: &str) -> Option<f64> {
    let family = &bundled(c, false, body)?.info().family;
    BUNDLED
        .iter()
        .filter(|f| &f.info().family == family)
        .filter_map(|f| {
            // The bundled fonts have no variation axes: any size will do.
            let face = f.clone().instantiate(
                f.info().variant,
                typst::layout::Abs::pt(10.0),
                &FontVariations::default(),
            );
            let glyph = face.ttf().glyph_index(c)?;
            Some(face.x_advance(glyph.0)?.get())
        })
        .reduce(f64::min)
}

/// Fonts found on disk: what typst-kit found (each font's bytes read on
/// first use) and how many.
struct Found {
    store: FontStore,
    count: usize,
}

impl Found {
    fn new(entries: impl Iterator<Item = (typst_kit::fonts::FontPath, FontInfo)>) -> Self {
        let mut store = FontStore::new();
        store.extend(entries);
        let count = (0..)
            .take_while(|i| store.book().info(*i).is_some())
            .count();
        Found { store, count }
    }

    fn info(&self, index: usize) -> Option<&FontInfo> {
        self.store.book().info(index)
    }
}

/// The machine's fonts, searched the first time a deck needs them.
static SYSTEM: LazyLock<Arc<Found>> =
    LazyLock::new(|| Arc::new(Found::new(typst_kit::fonts::system())));

/// The `--font-path` folders searched so far.
static FOLDERS: LazyLock<Mutex<HashMap<PathBuf, Arc<Found>>>> = LazyLock::new(Default::default);

/// The fonts in `folder` (and below), searched once per process.
fn folder(folder: &Path) -> Arc<Found> {
    let mut folders = FOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
    folders
        .entry(folder.to_path_buf())
        .or_insert_with(|| Arc::new(Found::new(typst_kit::fonts::scan(folder))))
        .clone()
}

/// Where the font at an index of a [`WorldFonts`] book comes from.
enum Slot {
    Bundled(usize),
    Found(Arc<Found>, usize),
}

/// The fonts of one export's typst world: its font book and where each
/// font is.
pub(crate) struct WorldFonts {
    book: LazyHash<FontBook>,
    slots: Vec<Slot>,
}

impl WorldFonts {
    /// The font book typst selects fonts from.
    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The font at `index` of the book (read from disk on first use).
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        match self.slots.get(index)? {
            Slot::Bundled(i) => BUNDLED.get(*i).cloned(),
            Slot::Found(found, i) => found.store.font(*i),
        }
    }
}

/// The world of a deck the bundled fonts can show.
static BUNDLED_ONLY: LazyLock<Arc<WorldFonts>> = LazyLock::new(|| {
    Arc::new(WorldFonts {
        book: LazyHash::new(FontBook::from_fonts(BUNDLED.iter())),
        slots: (0..BUNDLED.len()).map(Slot::Bundled).collect(),
    })
});

/// Where fonts may come from besides the bundled ones.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sources<'a> {
    /// Folders searched (with their subfolders) before the machine's fonts.
    pub(crate) paths: &'a [PathBuf],
    /// Whether the machine's fonts are searched.
    pub(crate) system: bool,
}

/// The fonts chosen for a deck's characters.
pub(crate) struct Chosen {
    /// The fonts of the typst world.
    pub(crate) world: Arc<WorldFonts>,
    /// Which font serves which script, sorted by script, source, family.
    pub(crate) uses: Vec<FontUse>,
    /// The characters no font has.
    pub(crate) missing: BTreeSet<char>,
}

/// A family chosen to serve characters the bundled fonts lack.
struct Family {
    source: FontSource,
    found: Arc<Found>,
    name: String,
    /// The family's fonts in `found`.
    fonts: Vec<usize>,
    /// The characters it serves.
    chars: Vec<u32>,
}

impl Family {
    fn has(&self, c: char) -> bool {
        self.fonts.iter().any(|i| {
            self.found
                .info(*i)
                .is_some_and(|info| info.coverage.contains(c as u32))
        })
    }
}

/// The fonts that serve `chars` (the characters the deck shows): the
/// bundled text fonts where they have the character, else one family from
/// the folders (in order) or the machine, else typst's math font. `body`
/// is the text font the template asks for first (the theme's); `lang`
/// (the deck's language) picks the regional variant of CJK families.
pub(crate) fn choose(
    chars: &BTreeSet<char>,
    sources: Sources<'_>,
    body: &str,
    lang: &str,
) -> Chosen {
    let mut uses: BTreeSet<(&'static str, FontSource, String)> = BTreeSet::new();
    let mut lacking = Vec::new();
    for &c in chars {
        match bundled(c, false, body) {
            Some(font) => {
                if let Some(script) = script(c) {
                    uses.insert((script, FontSource::Bundled, font.info().family.clone()));
                }
            }
            None => lacking.push(c),
        }
    }
    if lacking.is_empty() {
        return Chosen {
            world: BUNDLED_ONLY.clone(),
            uses: font_uses(uses),
            missing: BTreeSet::new(),
        };
    }
    let region = cjk_region(chars, lang);
    let mut families: Vec<Family> = Vec::new();
    let folders = sources.paths.iter().map(|p| (FontSource::Path, folder(p)));
    // The machine's fonts are only searched when the folders leave some
    // character without a font.
    let system = sources
        .system
        .then_some(FontSource::System)
        .into_iter()
        .map(|s| (s, SYSTEM.clone()));
    for (source, found) in folders.chain(system) {
        lacking.retain(|&c| {
            let family = match families.iter().position(|f| f.has(c)) {
                Some(i) => i,
                None => match best(&found, c, region) {
                    Some(name) => {
                        let fonts = (0..found.count)
                            .filter(|i| found.info(*i).is_some_and(|f| f.family == name))
                            .collect();
                        families.push(Family {
                            source,
                            found: found.clone(),
                            name,
                            fonts,
                            chars: Vec::new(),
                        });
                        families.len() - 1
                    }
                    None => return true,
                },
            };
            let family = &mut families[family];
            family.chars.push(c as u32);
            if let Some(script) = script(c) {
                uses.insert((script, family.source, family.name.clone()));
            }
            false
        });
        if lacking.is_empty() {
            break;
        }
    }
    lacking.retain(|&c| {
        let Some(font) = bundled(c, true, body) else {
            return true;
        };
        if let Some(script) = script(c) {
            uses.insert((script, FontSource::Bundled, font.info().family.clone()));
        }
        false
    });
    Chosen {
        world: world_fonts(&families),
        uses: font_uses(uses),
        missing: lacking.into_iter().collect(),
    }
}

/// The bundled fonts, then the fonts of `families`, each listed with only
/// the characters its family serves (and the math font without them).
fn world_fonts(families: &[Family]) -> Arc<WorldFonts> {
    if families.is_empty() {
        return BUNDLED_ONLY.clone();
    }
    let served: BTreeSet<u32> = families
        .iter()
        .flat_map(|f| f.chars.iter().copied())
        .collect();
    let mut infos: Vec<FontInfo> = BUNDLED
        .iter()
        .map(|f| {
            let mut info = f.info().clone();
            if info.family == MATH_FAMILY {
                info.coverage = Coverage::from_vec(
                    info.coverage
                        .iter()
                        .filter(|c| !served.contains(c))
                        .collect(),
                );
            }
            info
        })
        .collect();
    let mut slots: Vec<Slot> = (0..BUNDLED.len()).map(Slot::Bundled).collect();
    for family in families {
        for &i in &family.fonts {
            let Some(info) = family.found.info(i) else {
                continue;
            };
            let mut info = info.clone();
            info.coverage = Coverage::from_vec(
                family
                    .chars
                    .iter()
                    .copied()
                    .filter(|c| info.coverage.contains(*c))
                    .collect(),
            );
            infos.push(info);
            slots.push(Slot::Found(family.found.clone(), i));
        }
    }
    Arc::new(WorldFonts {
        book: LazyHash::new(FontBook::from_infos(infos)),
        slots,
    })
}

/// The family in `found` that serves `c` best, other than the bundled
/// ones: the CJK `region` when it has one, then a proportional, sans-serif,
/// upright, regular font; ties go to the first family by name, so the
/// choice does not depend on the order the fonts were found in.
fn best(found: &Found, c: char, region: &str) -> Option<String> {
    (0..found.count)
        .filter_map(|i| found.info(i))
        .filter(|info| info.coverage.contains(c as u32))
        // A copy of a bundled family (the machine's DejaVu Sans) would
        // take the bundled one's place where the template names it.
        .filter(|info| {
            !BUNDLED
                .iter()
                .any(|f| f.info().family.eq_ignore_ascii_case(&info.family))
        })
        .min_by_key(|info| {
            (
                info.family.rsplit(' ').next() != Some(region),
                info.flags.contains(FontFlags::MONOSPACE),
                info.flags.contains(FontFlags::SERIF),
                info.variant.style != FontStyle::Normal,
                info.variant.weight.distance(FontWeight::REGULAR),
                info.variant.stretch != FontStretch::NORMAL,
                info.family.clone(),
            )
        })
        .map(|info| info.family.clone())
}

/// The regional variant of CJK families (`JP`, `KR`, `SC`, `TC`, `HK`) the
/// deck wants: by its language when that is Chinese, Japanese or Korean,
/// else by its characters (kana: Japanese; hangul: Korean; else Chinese).
fn cjk_region(chars: &BTreeSet<char>, lang: &str) -> &'static str {
    let (lang, region) = lang.split_once(['-', '_']).unwrap_or((lang, ""));
    match (
        lang.to_ascii_lowercase().as_str(),
        region.to_ascii_lowercase().as_str(),
    ) {
        ("ja", _) => return "JP",
        ("ko", _) => return "KR",
        ("zh", "tw" | "hant") => return "TC",
        ("zh", "hk" | "mo") => return "HK",
        ("zh", _) => return "SC",
        _ => {}
    }
    let has = |s: &[Script]| chars.iter().any(|c| s.contains(&c.script()));
    if has(&[Script::Hiragana, Script::Katakana]) {
        "JP"
    } else if has(&[Script::Hangul]) {
        "KR"
    } else {
        "SC"
    }
}

/// The Unicode script of `c`, unless it is shared by several (digits,
/// punctuation, symbols, combining marks).
fn script(c: char) -> Option<&'static str> {
    match c.script() {
        Script::Common | Script::Inherited | Script::Unknown => None,
        s => Some(s.full_name()),
    }
}

fn font_uses(uses: BTreeSet<(&'static str, FontSource, String)>) -> Vec<FontUse> {
    uses.into_iter()
        .map(|(script, source, family)| FontUse {
            script: script.to_owned(),
            family,
            source,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::narrowest_advance;

    #[test]
    fn the_narrowest_advance_is_the_bundled_familys_narrowest_style() {
        // Lato's `i` is narrow and its `W` wide, in every style.
        let i = narrowest_advance('i', "Lato").unwrap();
        let w = narrowest_advance('W', "Lato").unwrap();
        assert!(i > 0.15 && i < 0.35, "{i}");
        assert!(w > 0.8 && w < 1.1, "{w}");
        // Bold Lato is wider than regular: the regular advance is the bound.
        assert!(narrowest_advance('m', "Lato").unwrap() < 0.9);
        // A serif theme's body font serves its own characters.
        let serif = narrowest_advance('m', "Libertinus Serif").unwrap();
        assert!((serif - narrowest_advance('m', "Lato").unwrap()).abs() > 0.001);
        // No bundled text font has Han characters.
        assert_eq!(narrowest_advance('\u{4e00}', "Lato"), None);
    }
}
