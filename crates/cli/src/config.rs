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
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read profile `{}`", path.display()))?;
            decktype_semantics::Profile::from_toml(&text)
                .map_err(|e| anyhow::anyhow!("invalid profile `{}`: {e}", path.display()))
        }
    }
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
            Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
                anyhow::anyhow!("cannot read the template `{}`: {e}", path.display())
            })?),
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
