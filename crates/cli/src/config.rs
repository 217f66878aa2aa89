//! The resolved configuration: what the arguments mean for the libraries
//! (a profile, image sources, PDF settings, dates).

use std::path::Path;

use anyhow::{Context as _, Result};
use decktype_pipeline::{Fetch, Images, PdfSettings};

use crate::args::{ExportFormat, ImageArgs, NotesArg, PageArg, PdfArgs, StandardArg};

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
    /// Where images may come from, as these arguments say.
    pub(crate) fn images(&self) -> Images {
        Images {
            assets: self.assets.clone(),
            fetch: self.fetch_images.then(|| Fetch::new(&self.image_cache)),
        }
    }
}

impl PdfArgs {
    /// The settings these arguments ask for (reads the template).
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
