//! The worker pool the decks are built on.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::BuildError;

/// Runs `work` on every item with `workers` threads, each taking the next
/// item when done with one; results in item order. Each thread makes its
/// own `S` with `init` (its worker process, when decks are isolated) and
/// drops it when the items are done.
///
/// The threads are a rayon pool, but the items are not rayon jobs: each
/// thread runs one loop ([`rayon::ThreadPool::broadcast`]) that takes the
/// next item from a counter. typst lays out pages with rayon's parallel
/// iterators, which then run on this pool; had the decks been rayon jobs
/// (`par_iter`), a thread waiting for typst's parallel work would steal and
/// start other decks, holding several decks' images and layouts at once
/// (measured on the corpus: 1 GB peak instead of 0.35 GB, and slower). This
/// way a waiting thread can only help with typst's work in progress.
pub(crate) fn run_workers<T: Sync, R: Send, S>(
    workers: usize,
    items: &[T],
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Result<Vec<R>, BuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("decktype-build-{i}"))
        .build()?;
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    pool.broadcast(|_| {
        let mut own = init();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = work(&mut own, item);
            done.lock().unwrap_or_else(|e| e.into_inner()).push((i, r));
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    Ok(done.into_iter().map(|(_, r)| r).collect())
}
