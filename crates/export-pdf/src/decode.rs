//! Image work beside the layout. A raster image the deck shows is a
//! [`Job`]: its bytes for the PDF (a copy prepared for the size it is shown
//! at, from the cache or made now, or the source's own bytes) and typst's
//! decoding of those bytes, which typst memoises. The view needs neither
//! (it takes the size from the image's header), so the jobs run on worker
//! threads while typst evaluates the template and lays the slides out.
//!
//! The built-in template makes each image inside `context`, so typst reads
//! an image file only when it lays out the page that shows it (typst lays
//! page runs out in parallel); the world then waits for that image's job,
//! or does the job itself when no worker has started it. The layout of the
//! other pages goes on meanwhile, nothing waits on a worker that never
//! came, and no image is decoded twice (typst's memo has no notion of a
//! decoding in progress: a layout that read the bytes before the worker
//! finished would decode them again). A custom template that makes its
//! images outside `context` waits for them while typst evaluates it.
//!
//! An image typst cannot decode is only found out here; the exporter then
//! marks it missing and lays the deck out again ([`Jobs::unusable`]), so
//! the output depends on the deck and its images alone, never on timing.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use decktype_model::Span;
use typst::foundations::Bytes;
use typst::syntax::FileId;
use typst::visualize::{ExchangeFormat, RasterImage};

/// The format and size (pixels) to prepare a copy of an image for, and the
/// part of it the pages show, when it is worth it.
pub(crate) type Preparation = Option<(
    decktype_images::Format,
    (u32, u32),
    decktype_images::Visible,
)>;

/// One raster image's work.
pub(crate) struct Job {
    /// The image as the deck names it.
    url: String,
    /// Where the deck first shows it.
    span: Span,
    /// The world file it is served as.
    id: FileId,
    /// The source's bytes.
    source: Bytes,
    /// How typst decodes it.
    format: ExchangeFormat,
    /// The format and size (pixels) to prepare a copy for, when worth it.
    prepare: Preparation,
    /// Whether a prepared copy is served without typst decoding it: a
    /// JPEG the template shows through an SVG frame, whose PDF export
    /// reads only its header (see `images::frame`).
    trust_copy: bool,
    /// For a CMYK JPEG the PDF may not show as it is (PDF/A): the size of
    /// the RGB copy served instead, and what converts it. Its source is
    /// never served: without a copy the image is a placeholder.
    rgb: Option<((u32, u32), decktype_images::Cmyk)>,
    /// Taken by the first thread to start the job.
    claimed: AtomicBool,
    /// The bytes served.
    bytes: OnceLock<Bytes>,
    /// What typst made of them (its decoding is memoised by typst, so the
    /// layout finds it).
    decodes: OnceLock<Decoded>,
}

/// What typst made of a job's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoded {
    /// The bytes served decode.
    Served,
    /// The prepared copy served does not decode, the source does (never
    /// seen: the copy is decktype's own encoding, and a cache entry's
    /// digest is checked; the source is served in a second layout).
    Source,
    /// Neither decodes: a placeholder.
    Neither,
}

impl Job {
    /// A job for the image `source` served as `id`.
    pub(crate) fn new(
        url: String,
        span: Span,
        id: FileId,
        source: Bytes,
        format: ExchangeFormat,
        prepare: Preparation,
    ) -> Self {
        Job {
            url,
            span,
            id,
            source,
            format,
            prepare,
            trust_copy: false,
            rgb: None,
            claimed: AtomicBool::new(false),
            bytes: OnceLock::new(),
            decodes: OnceLock::new(),
        }
    }

    /// The job, serving a prepared copy as it is: decktype's own encoding
    /// (or a cache entry whose digest matched), read by typst's PDF export
    /// from its header only. A source served instead is still decoded.
    pub(crate) fn trusting_its_copy(mut self) -> Self {
        self.trust_copy = true;
        self
    }

    /// The job, serving an RGB copy of its CMYK JPEG for `need` pixels
    /// (as shown), or a placeholder when none can be made.
    pub(crate) fn converting_to_rgb(
        mut self,
        need: (u32, u32),
        cmyk: decktype_images::Cmyk,
    ) -> Self {
        self.rgb = Some((need, cmyk));
        self
    }

    /// Whether the job serves an RGB copy of its CMYK JPEG.
    pub(crate) fn converts(&self) -> bool {
        self.rgb.is_some()
    }

    /// What typst makes of the bytes served: the job done here when no
    /// thread has started it, else waited for.
    fn decodes(&self, cache: Option<&decktype_images::Cache>) -> Decoded {
        if !self.claimed.swap(true, Ordering::AcqRel) {
            self.run(cache);
        }
        *self.decodes.wait()
    }

    /// Does the job: the bytes, then their decoding (memoised by typst, so
    /// the layout finds it). A panic in a decoder counts as "the source's
    /// bytes, not decodable", so a thread waiting for the job always wakes.
    fn run(&self, cache: Option<&decktype_images::Cache>) {
        let bytes = catch_unwind(AssertUnwindSafe(|| self.make(cache)))
            .unwrap_or_else(|_| self.source.clone());
        let bytes = self.bytes.get_or_init(|| bytes);
        let decodes = |bytes: &Bytes| {
            catch_unwind(AssertUnwindSafe(|| {
                RasterImage::plain(bytes.clone(), self.format).is_ok()
            }))
            .unwrap_or(false)
        };
        let copied = bytes != &self.source;
        let decoded = if self.rgb.is_some() {
            // The source may not be served: the copy, or a placeholder.
            if copied && (self.trust_copy || decodes(bytes)) {
                Decoded::Served
            } else {
                Decoded::Neither
            }
        } else if (self.trust_copy && copied) || decodes(bytes) {
            Decoded::Served
        } else if copied && decodes(&self.source) {
            Decoded::Source
        } else {
            Decoded::Neither
        };
        let _ = self.decodes.set(decoded);
    }

    /// The RGB copy or the prepared copy when there is one (from the
    /// cache, or made now) and its header reads, else the source's bytes.
    fn make(&self, cache: Option<&decktype_images::Cache>) -> Bytes {
        let source = self.source.as_slice();
        if let Some((need, _)) = self.rgb {
            let copy = match cache {
                Some(cache) => cache.rgb_copy(source, need).0,
                None => decktype_images::rgb_copy(source, need).map(|p| p.bytes),
            };
            return match copy {
                Some(copy)
                    if decktype_images::dimensions(&copy, decktype_images::Format::Jpeg)
                        .is_some() =>
                {
                    Bytes::new(copy)
                }
                _ => self.source.clone(),
            };
        }
        if let Some((format, need, part)) = self.prepare {
            let copy = match cache {
                Some(cache) => cache.prepare(source, format, need, part).0,
                None => decktype_images::prepare(source, format, need, part).map(|p| p.bytes),
            };
            if let Some(copy) = copy
                && decktype_images::dimensions(&copy, format).is_some()
            {
                return Bytes::new(copy);
            }
        }
        self.source.clone()
    }
}

/// The image jobs of one export.
#[derive(Default)]
pub(crate) struct Jobs {
    /// Largest source first (the longest jobs start first).
    jobs: Vec<Job>,
    /// Which job serves which file.
    by_id: HashMap<FileId, usize>,
    /// Where prepared copies are kept.
    cache: Option<decktype_images::Cache>,
}

impl Jobs {
    /// The jobs `jobs`, with prepared copies kept in `cache`.
    pub(crate) fn new(mut jobs: Vec<Job>, cache: Option<decktype_images::Cache>) -> Self {
        jobs.sort_by_key(|job| std::cmp::Reverse(job.source.len()));
        let by_id = jobs.iter().enumerate().map(|(i, j)| (j.id, i)).collect();
        Jobs { jobs, by_id, cache }
    }

    /// The bytes of the world file `id`, if it is an image of a job (the
    /// job, decoding included, done here or waited for first).
    pub(crate) fn file(&self, id: FileId) -> Option<Bytes> {
        let job = &self.jobs[*self.by_id.get(&id)?];
        job.decodes(self.cache.as_ref());
        job.bytes.get().cloned()
    }

    /// Every job done, here or by another thread.
    pub(crate) fn run_all(&self) {
        for job in &self.jobs {
            job.decodes(self.cache.as_ref());
        }
    }

    /// Runs the jobs on up to `workers` threads of `scope` (fewer when
    /// there are fewer jobs; none when a thread cannot be started: then
    /// the layout and [`Jobs::run_all`] do them).
    pub(crate) fn start<'scope>(
        &'scope self,
        scope: &'scope std::thread::Scope<'scope, '_>,
        workers: usize,
    ) {
        for _ in 0..workers.min(self.jobs.len()) {
            let spawned = std::thread::Builder::new()
                .name("decktype-images".to_owned())
                .spawn_scoped(scope, || self.run_all());
            if spawned.is_err() {
                break;
            }
        }
    }

    /// The images typst cannot decode (URL and where the deck shows it),
    /// after every job is done.
    pub(crate) fn unusable(&self) -> Vec<(&str, Span)> {
        self.run_all();
        let mut out: Vec<_> = self
            .jobs
            .iter()
            .filter(|job| job.decodes.get() == Some(&Decoded::Neither))
            .map(|job| (job.url.as_str(), job.span))
            .collect();
        out.sort_by_key(|(_, span)| span.start);
        out
    }

    /// The CMYK JPEGs shown as an RGB copy (URL, where the deck shows
    /// them, what converted them), after every job is done.
    pub(crate) fn converted(&self) -> Vec<(&str, Span, decktype_images::Cmyk)> {
        self.run_all();
        let mut out: Vec<_> = self
            .jobs
            .iter()
            .filter(|job| job.decodes.get() == Some(&Decoded::Served))
            .filter_map(|job| Some((job.url.as_str(), job.span, job.rgb?.1)))
            .collect();
        out.sort_by_key(|(_, span, _)| span.start);
        out
    }

    /// The images whose prepared copy typst cannot decode while it decodes
    /// the source: their files and the source's bytes, to serve instead.
    pub(crate) fn sources_instead(&self) -> Vec<(FileId, Bytes)> {
        self.run_all();
        self.jobs
            .iter()
            .filter(|job| job.decodes.get() == Some(&Decoded::Source))
            .map(|job| (job.id, job.source.clone()))
            .collect()
    }

    /// Whether there are no jobs.
    pub(crate) fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::file_id;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut png = Vec::new();
        image::RgbaImage::from_pixel(width, height, image::Rgba([1, 2, 3, 255]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    }

    fn job(n: usize, bytes: Vec<u8>) -> Job {
        Job::new(
            format!("{n}.png"),
            Span {
                start: n * 10,
                end: n * 10 + 5,
            },
            file_id(&format!("/images/{n}.png")),
            Bytes::new(bytes),
            ExchangeFormat::Png,
            None,
        )
    }

    fn photo(width: u16, height: u16) -> Vec<u8> {
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 90)
            .encode(
                &decktype_test_support::noisy_rgb(width, height),
                width,
                height,
                jpeg_encoder::ColorType::Rgb,
            )
            .unwrap();
        jpeg
    }

    /// A prepared copy is served as it is when its job trusts it (the
    /// template shows it through an SVG frame: typst never decodes it);
    /// untrusted, a copy that does not decode gives way to the source; a
    /// source is decoded either way, and one that does not decode is a
    /// placeholder.
    #[test]
    fn a_trusted_copy_is_served_unread_and_a_source_still_decoded() {
        use sha2::{Digest, Sha256};
        let source = photo(2000, 1500);
        let need = (600, 450);
        let format = decktype_images::Format::Jpeg;
        let typst_decodes = |jpeg: &[u8]| {
            RasterImage::plain(Bytes::new(jpeg.to_vec()), ExchangeFormat::Jpg).is_ok()
        };
        // A copy typst does not decode, in the cache as decktype-images
        // writes an entry (its payload's digest first).
        let copy = decktype_images::prepare(&source, format, need, decktype_images::Visible::ALL)
            .unwrap()
            .bytes;
        let copy = decktype_test_support::jpeg_without_its_table(&copy);
        assert!(decktype_images::dimensions(&copy, format).is_some());
        assert!(!typst_decodes(&copy));
        let dir = tempfile::tempdir().unwrap();
        let hash: String = Sha256::digest(&source)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut entry = b"decktype prepared image\n".to_vec();
        entry.extend_from_slice(&Sha256::digest(&copy));
        entry.extend_from_slice(&copy);
        let name = format!("{hash}-600x450-v{}.jpg", decktype_images::VERSION);
        std::fs::write(dir.path().join(name), entry).unwrap();
        let id = file_id("/images/0.jpg");
        let jobs = |source: &[u8], trusted: bool| {
            let job = Job::new(
                "photo.jpg".to_owned(),
                Span::default(),
                id,
                Bytes::new(source.to_vec()),
                ExchangeFormat::Jpg,
                Some((format, need, decktype_images::Visible::ALL)),
            );
            let job = if trusted {
                job.trusting_its_copy()
            } else {
                job
            };
            Jobs::new(vec![job], Some(decktype_images::Cache::new(dir.path())))
        };
        // Trusted: the copy, unread.
        let trusted = jobs(&source, true);
        assert_eq!(trusted.file(id).unwrap().as_slice(), &copy[..]);
        assert!(trusted.sources_instead().is_empty());
        assert!(trusted.unusable().is_empty());
        // Not trusted: decoded, found wanting, the source served instead.
        let untrusted = jobs(&source, false);
        assert_eq!(untrusted.file(id).unwrap().as_slice(), &copy[..]);
        assert_eq!(
            untrusted.sources_instead(),
            vec![(id, Bytes::new(source.clone()))]
        );
        // A source that does not decode has no copy: it is served and
        // decoded, trusted or not, and is a placeholder.
        let broken = decktype_test_support::jpeg_without_its_table(&source);
        assert!(!typst_decodes(&broken));
        for trusted in [true, false] {
            let jobs = jobs(&broken, trusted);
            assert_eq!(jobs.file(id).unwrap().as_slice(), &broken[..]);
            assert_eq!(jobs.unusable(), vec![("photo.jpg", Span::default())]);
        }
    }

    /// Jobs done by workers, by the thread asking for a file, or both at
    /// once, serve the same bytes; an image that does not decode is
    /// reported with its place, and asking for it again does not hang.
    #[test]
    fn every_job_is_done_once_whoever_asks_first() {
        let good = png(30, 20);
        let mut broken = png(40, 40);
        broken.truncate(60);
        for workers in [0, 1, 2, 8] {
            let jobs = Jobs::new(
                vec![
                    job(0, good.clone()),
                    job(1, broken.clone()),
                    job(2, good.clone()),
                ],
                None,
            );
            std::thread::scope(|scope| {
                jobs.start(scope, workers);
                assert_eq!(
                    jobs.file(file_id("/images/2.png")).unwrap().as_slice(),
                    &good[..]
                );
                assert_eq!(
                    jobs.file(file_id("/images/1.png")).unwrap().as_slice(),
                    &broken[..]
                );
            });
            assert_eq!(jobs.file(file_id("/images/9.png")), None);
            assert_eq!(
                jobs.unusable(),
                vec![("1.png", Span { start: 10, end: 15 })]
            );
        }
    }
}
