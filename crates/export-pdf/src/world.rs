//! The typst [`World`] of one export: it serves the template, the two JSON
//! files, the resolved images and the fonts chosen for the deck (the
//! bundled ones, and fonts found on disk only for characters they lack; see
//! [`crate::fonts`]), and nothing else. There is no file system access from
//! typst at all: every other path is `AccessDenied`, and there are no
//! packages.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::decode::Jobs;
use crate::error::TemplateFile;
use crate::fonts::WorldFonts;

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The built-in template's two files, parsed once per process: a
/// [`Source`] is shared by reference, and parsing them took about 1 ms of
/// every export (the same for every deck of a `build` or a batch).
static BUILTIN: LazyLock<(Source, Source)> = LazyLock::new(|| {
    (
        Source::new(file_id("/main.typ"), crate::MAIN_TYP.to_owned()),
        Source::new(file_id("/decktype.typ"), crate::LIBRARY_TYP.to_owned()),
    )
});

/// The id of a file at `path` in the project root.
pub(crate) fn file_id(path: &str) -> FileId {
    // Every path here is a constant or `/images/<n>.<ext>`, all valid.
    let path = VirtualPath::new(path).unwrap_or_else(|_| {
        VirtualPath::new("/invalid").unwrap_or_else(|_| unreachable!("a constant path"))
    });
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// Bytes shared with the asset resolver, without a copy.
pub(crate) struct Shared(pub(crate) Arc<decktype_assets::Asset>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0.bytes
    }
}

/// The world of one export: the template as `/main.typ`, the library as
/// `/decktype.typ`, and the files the exporter put there.
pub(crate) struct DeckWorld {
    main: Source,
    library_source: Source,
    /// The main file is the caller's template, not [`crate::MAIN_TYP`].
    custom: bool,
    files: HashMap<FileId, Bytes>,
    /// The raster images, made and decoded beside the layout.
    jobs: Arc<Jobs>,
    fonts: Arc<WorldFonts>,
}

impl DeckWorld {
    /// A world with `template` (the built-in one when `None`), `files`,
    /// the raster images of `jobs` and `fonts`.
    pub(crate) fn new(
        template: Option<&str>,
        files: HashMap<FileId, Bytes>,
        jobs: Arc<Jobs>,
        fonts: Arc<WorldFonts>,
    ) -> Self {
        let (main, library_source) = &*BUILTIN;
        DeckWorld {
            main: match template {
                Some(text) => Source::new(file_id("/main.typ"), text.to_owned()),
                None => main.clone(),
            },
            library_source: library_source.clone(),
            custom: template.is_some(),
            files,
            jobs,
            fonts,
        }
    }

    /// Serves `bytes` at `path` from now on.
    pub(crate) fn set_file(&mut self, path: &str, bytes: Bytes) {
        self.set_file_id(file_id(path), bytes);
    }

    /// Serves `bytes` as the file `id` from now on (before a job's bytes).
    pub(crate) fn set_file_id(&mut self, id: FileId, bytes: Bytes) {
        self.files.insert(id, bytes);
    }

    /// The raster images' jobs.
    pub(crate) fn jobs(&self) -> &Arc<Jobs> {
        &self.jobs
    }

    /// Which template file `id` is, if it is one.
    pub(crate) fn template_file(&self, id: FileId) -> Option<TemplateFile> {
        if id == self.main.id() {
            Some(if self.custom {
                TemplateFile::Custom
            } else {
                TemplateFile::Builtin("main.typ")
            })
        } else if id == self.library_source.id() {
            Some(TemplateFile::Builtin("decktype.typ"))
        } else {
            None
        }
    }

    /// The source of `id`, if it is one of the two typst files.
    pub(crate) fn typst_source(&self, id: FileId) -> Option<&Source> {
        [&self.main, &self.library_source]
            .into_iter()
            .find(|s| s.id() == id)
    }
}

impl World for DeckWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }
    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        self.typst_source(id)
            .cloned()
            .ok_or(FileError::AccessDenied)
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.typst_source(id) {
            return Ok(Bytes::from_string(source.text().to_owned()));
        }
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        self.jobs.file(id).ok_or(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }
    /// No clock: `datetime.today()` fails, so the output stays deterministic.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
