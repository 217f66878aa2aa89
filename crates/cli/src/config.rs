//! The resolved configuration: what the arguments mean for the libraries
//! (a profile, image sources, PDF settings, dates).

use std::path::Path;

use anyhow::{Context as _, Result};
#[cfg(feature = "pdf")]
use decktype_pipeline::PdfSettings;
use decktype_pipeline::{Fetch, Images};

use crate::args::{ExportFormat, ImageArgs, PdfArgs};
#[cfg(feature = "pdf")]
use crate::args::{NotesArg, PageArg, StandardArg};

/// `build --to`'s default: every format this binary can write.
#[cfg(feature = "pdf")]
pub(crate) const BUILD_FORMATS: &str = "json,html,pdf";
/// `build --to`'s default: every format this binary can write.
#[cfg(not(feature = "pdf"))]
pub(crate) const BUILD_FORMATS: &str = "json,html";

/// The error for `what` (`--to pdf`, a PDF flag) in a binary built without
/// the PDF export (the `pdf` feature): what is missing and how to get it.
#[cfg(any(test, not(feature = "pdf")))]
pub(crate) fn without_pdf(what: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "{what}: this decktype was built without the PDF export; \
         install it with default features: cargo install decktype"
    )
}

/// The error for `--fetch-images` in a binary built without downloading
/// (the `fetch` feature, left out of the light build).
pub(crate) fn without_fetch() -> anyhow::Error {
    anyhow::anyhow!(
        "--fetch-images: this decktype was built without downloading images; \
         install it with default features: cargo install decktype"
    )
}

/// The profile in `path`, or the built-in SCS profile.
pub(crate) fn load_profile(path: Option<&Path>) -> Result<decktype_semantics::Profile> {
    match path {
        None => Ok(decktype_semantics::Profile::default()),
        Some(path) => {
            let text = read_text(path, "profile")?;
            decktype_semantics::Profile::from_toml(&text)
                .map_err(|e| anyhow::anyhow!("invalid profile `{}`: {e}", path.display()))
        }
    }
}

/// A size in bytes as `--max-input-size` takes it: a number, with an
/// optional suffix `K`, `M`, `G` (or `KiB`, `MiB`, `GiB`, `KB`, `MB`, `GB`:
/// powers of 1024 all).
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "`{s}` is not a size: a number of bytes, with K, M or G after it (e.g. `256M`)"
            ));
        }
    };
    let n: u64 = digits.parse().map_err(|_| {
        format!("`{s}` is not a size: a number of bytes, with K, M or G after it (e.g. `256M`)")
    })?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is not a size between 1 byte and 16 EiB"))
}

/// A settings file (profile, template) as text, within the default input
/// limit.
fn read_text(path: &Path, what: &str) -> Result<String> {
    let bytes = decktype_pipeline::io::read_file(path, decktype_pipeline::io::DEFAULT_MAX_INPUT)
        .with_context(|| format!("cannot read {what} `{}`", path.display()))?;
    String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("cannot read {what} `{}`: not UTF-8", path.display()))
}

pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a date in YYYY-MM-DD form: {e}"))
}

impl ImageArgs {
    /// Where images may come from, as these arguments say; an error for
    /// `--fetch-images` in a binary that cannot download.
    pub(crate) fn images(&self) -> Result<Images> {
        if self.fetch_images && !decktype_assets::CAN_FETCH {
            return Err(without_fetch());
        }
        Ok(Images {
            assets: self.assets.clone(),
            fetch: self
                .fetch_images
                .then(|| Fetch::new(self.image_cache_dir())),
        })
    }

    /// The --image-cache folder (default `.decktype-cache/images`).
    fn image_cache_dir(&self) -> std::path::PathBuf {
        self.image_cache
            .clone()
            .unwrap_or_else(|| ".decktype-cache/images".into())
    }

    /// Where `export` keeps prepared PDF images: `prepared/` in the
    /// --image-cache folder, when it was given or exists (a plain export
    /// writes no folder).
    #[cfg(feature = "pdf")]
    pub(crate) fn prepared_cache(&self) -> Option<std::path::PathBuf> {
        let dir = self.image_cache_dir();
        (self.image_cache.is_some() || dir.is_dir()).then(|| dir.join("prepared"))
    }
}

impl PdfArgs {
    /// The first PDF flag given a value other than its default (`None`:
    /// the PDF flags are all left alone).
    #[cfg(any(test, not(feature = "pdf")))]
    fn first_given(&self) -> Option<&'static str> {
        use crate::args::{NotesArg, StandardArg};
        [
            (self.page.is_some(), "--page"),
            (self.notes != NotesArg::None, "--notes"),
            (self.pdf_standard != StandardArg::A2b, "--pdf-standard"),
            (self.template.is_some(), "--template"),
            (self.timestamp, "--timestamp"),
            (!self.font_paths.is_empty(), "--font-path"),
            (self.ignore_system_fonts, "--ignore-system-fonts"),
            (self.images != crate::args::ImagesArg::Prepared, "--images"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }

    /// Without the PDF export: `--to pdf` (`to_pdf`) is an error, and so
    /// is a PDF flag given (it would do nothing).
    #[cfg(not(feature = "pdf"))]
    pub(crate) fn refuse(&self, to_pdf: bool) -> Result<()> {
        let what = if to_pdf {
            Some("--to pdf")
        } else {
            self.first_given()
        };
        what.map_or(Ok(()), |what| Err(without_pdf(what)))
    }

    /// The settings these arguments ask for (reads the template).
    #[cfg(feature = "pdf")]
    pub(crate) fn settings(&self) -> Result<PdfSettings> {
        let template = match &self.template {
            Some(path) => Some(read_text(path, "the template")?),
            None => None,
        };
        let timestamp = if self.timestamp {
            Some(match std::env::var("SOURCE_DATE_EPOCH") {
                Ok(v) => v.trim().parse::<i64>().map_err(|_| {
                    anyhow::anyhow!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds")
                })?,
                Err(_) => std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
            })
        } else {
            None
        };
        if let Some(dir) = self.font_paths.iter().find(|p| !p.is_dir()) {
            anyhow::bail!("--font-path `{}` is not a folder", dir.display());
        }
        Ok(PdfSettings {
            page: self.page.map(|p| match p {
                PageArg::Wide => decktype_export_pdf::PageShape::Wide,
                PageArg::Standard => decktype_export_pdf::PageShape::Standard,
            }),
            notes: match self.notes {
                NotesArg::None => decktype_export_pdf::NotesMode::None,
                NotesArg::Pages => decktype_export_pdf::NotesMode::Pages,
                NotesArg::Handout => decktype_export_pdf::NotesMode::Handout,
            },
            standard: match self.pdf_standard {
                StandardArg::A2b => decktype_export_pdf::Standard::A2b,
                StandardArg::A3b => decktype_export_pdf::Standard::A3b,
                StandardArg::Ua1 => decktype_export_pdf::Standard::Ua1,
                StandardArg::None => decktype_export_pdf::Standard::None,
            },
            template,
            timestamp,
            font_paths: self.font_paths.clone(),
            system_fonts: !self.ignore_system_fonts,
            images: match self.images {
                crate::args::ImagesArg::Original => decktype_export_pdf::ImageMode::Original,
                crate::args::ImagesArg::Prepared => decktype_export_pdf::ImageMode::Prepared,
            },
            ..PdfSettings::default()
        })
    }
}

impl ExportFormat {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Json => "json",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    /// The light build's message names what was asked for, what is missing
    /// and the command that installs it; the flags it catches are exactly
    /// the PDF flags set to something other than their default.
    #[test]
    fn without_pdf_says_what_is_missing_and_how_to_get_it() {
        let message = super::without_pdf("--to pdf").to_string();
        assert_eq!(
            message,
            "--to pdf: this decktype was built without the PDF export; \
             install it with default features: cargo install decktype"
        );
        let parse = |argv: &[&str]| {
            let cli = <crate::args::Cli as clap::Parser>::try_parse_from(argv).unwrap();
            match cli.command {
                crate::args::Command::Export(args) => args.pdf.first_given(),
                other => panic!("not export: {other:?}"),
            }
        };
        assert_eq!(parse(&["decktype", "export", "a.md"]), None);
        assert_eq!(
            parse(&["decktype", "export", "a.md", "--pdf-standard", "a-2b"]),
            None
        );
        assert_eq!(
            parse(&["decktype", "export", "a.md", "--notes", "pages"]),
            Some("--notes")
        );
        assert_eq!(
            parse(&["decktype", "export", "a.md", "--template", "t.typ"]),
            Some("--template")
        );
        assert_eq!(
            parse(&["decktype", "export", "a.md", "--ignore-system-fonts"]),
            Some("--ignore-system-fonts")
        );
        assert_eq!(
            parse(&["decktype", "export", "a.md", "--images", "prepared"]),
            None
        );
        assert_eq!(
            parse(&["decktype", "export", "a.md", "--images", "original"]),
            Some("--images")
        );
    }

    /// `--fetch-images` is taken by a binary that can download and refused,
    /// saying why and how to get it, by one that cannot (the light build:
    /// scripts/test.sh runs these tests without default features too).
    #[test]
    fn fetch_images_needs_the_fetch_feature() {
        let images = |argv: &[&str]| {
            let cli = <crate::args::Cli as clap::Parser>::try_parse_from(argv).unwrap();
            match cli.command {
                crate::args::Command::Export(args) => args.images.images(),
                other => panic!("not export: {other:?}"),
            }
        };
        assert!(
            images(&["decktype", "export", "a.md"])
                .unwrap()
                .fetch
                .is_none()
        );
        let asked = images(&["decktype", "export", "a.md", "--fetch-images"]);
        if cfg!(feature = "fetch") {
            assert!(asked.unwrap().fetch.is_some());
        } else {
            assert_eq!(
                asked.err().unwrap().to_string(),
                "--fetch-images: this decktype was built without downloading images; \
                 install it with default features: cargo install decktype"
            );
        }
    }

    /// Prepared PDF images go in `prepared/` of a given --image-cache; and
    /// `--images` maps onto the PDF settings.
    #[cfg(feature = "pdf")]
    #[test]
    fn the_image_cache_and_mode_reach_the_pdf_settings() {
        let export = |argv: &[&str]| {
            let cli = <crate::args::Cli as clap::Parser>::try_parse_from(argv).unwrap();
            match cli.command {
                crate::args::Command::Export(args) => args,
                other => panic!("not export: {other:?}"),
            }
        };
        let args = export(&["decktype", "export", "a.md", "--image-cache", "/nowhere/c"]);
        assert_eq!(
            args.images.prepared_cache(),
            Some(std::path::PathBuf::from("/nowhere/c/prepared"))
        );
        let settings = args.pdf.settings().unwrap();
        assert_eq!(settings.images, decktype_export_pdf::ImageMode::Prepared);
        let args = export(&["decktype", "export", "a.md", "--images", "original"]);
        let settings = args.pdf.settings().unwrap();
        assert_eq!(settings.images, decktype_export_pdf::ImageMode::Original);
    }

    #[test]
    fn sizes_take_suffixes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("10 KB"), Ok(10 << 10));
        assert!(parse_size("0").is_err());
        assert!(parse_size("M").is_err());
        assert!(parse_size("12T").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
