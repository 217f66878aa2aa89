//! The build's side of a worker process ([`crate::worker`]): start it,
//! send it decks, enforce the time budget, and tell a deck over its budget
//! (or a worker that died) from a deck done.
//!
//! One worker process per build thread, started for its first deck and
//! reused for the next ones (the fonts load once per process); a worker
//! that is killed or dies is replaced for the next deck. A deck whose
//! worker died of memory after earlier decks is tried once more in a fresh
//! worker, so that what earlier decks left in the process cannot count
//! against it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use decktype_model::{Diagnostic, Severity, Span};

use crate::worker::{Hello, Outcome, Reply, Request};
use crate::{Budget, DECK_OVER_BUDGET};

/// A deck stopped: the diagnostic, and what it had done (the JSON and HTML
/// written) when it was.
pub(crate) struct Stopped {
    pub(crate) diagnostic: Diagnostic,
    pub(crate) checkpoint: Option<Box<Outcome>>,
}

/// Standard error kept from a worker: its first lines, up to this many
/// bytes (what a panic or an allocation failure says comes first; a
/// backtrace after it can be long).
const STDERR_HEAD: usize = 2048;

/// What a worker said on standard error.
#[derive(Default)]
struct Said {
    /// Its first lines.
    head: String,
    /// Whether it said that an allocation failed.
    out_of_memory: bool,
}

struct Process {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: Receiver<String>,
    stderr: Arc<Mutex<Said>>,
    /// The thread reading its standard error.
    stderr_pump: Option<std::thread::JoinHandle<()>>,
    /// Decks it finished.
    decks: usize,
}

/// One build thread's worker process.
pub(crate) struct Isolated<'a> {
    budget: &'a Budget,
    threads: usize,
    process: Option<Process>,
}

impl Drop for Isolated<'_> {
    fn drop(&mut self) {
        if let Some(p) = self.process.take() {
            p.close();
        }
    }
}

impl Process {
    /// Closes its standard input (it ends) and waits for it, a little.
    fn close(mut self) {
        drop(self.stdin.take());
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// What it said on standard error: its first lines, and whether an
    /// allocation failed.
    fn said(&self) -> (String, bool) {
        let said = self.stderr.lock().unwrap_or_else(|e| e.into_inner());
        (said.head.trim().to_owned(), said.out_of_memory)
    }
}

fn pump(
    from: impl Read + Send + 'static,
    each: impl Fn(String) -> bool + Send + 'static,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if !each(line) {
                break;
            }
        }
    })
}

impl<'a> Isolated<'a> {
    /// A build thread's worker (started at its first deck); `threads`: the
    /// threads each worker gives typst's parallel layout.
    pub(crate) fn new(budget: &'a Budget, threads: usize) -> Self {
        Isolated {
            budget,
            threads,
            process: None,
        }
    }

    fn start(&self) -> std::io::Result<Process> {
        let mut child = Command::new(&self.budget.worker.program)
            .args(&self.budget.worker.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (tx, replies) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().expect("piped");
        let _ = pump(stdout, move |line| tx.send(line).is_ok());
        let stderr = Arc::new(Mutex::new(Said::default()));
        let said = Arc::clone(&stderr);
        let from = child.stderr.take().expect("piped");
        let stderr_pump = pump(from, move |line| {
            let mut said = said.lock().unwrap_or_else(|e| e.into_inner());
            // Rust's message when an allocation fails (the memory limit),
            // and the usual words for it elsewhere.
            if line.contains("memory allocation of") || line.contains("out of memory") {
                said.out_of_memory = true;
            }
            if said.head.len() + line.len() < STDERR_HEAD {
                said.head.push_str(&line);
                said.head.push('\n');
            }
            true
        });
        let mut stdin = child.stdin.take().expect("piped");
        let hello = Hello {
            memory: self.budget.memory,
            threads: self.threads,
            parent: std::process::id(),
        };
        let mut line = serde_json::to_vec(&hello).expect("hello serializes");
        line.push(b'\n');
        stdin.write_all(&line)?;
        Ok(Process {
            child,
            stdin: Some(stdin),
            replies,
            stderr,
            stderr_pump: Some(stderr_pump),
            decks: 0,
        })
    }

    /// Exports one deck in the worker, within the budget.
    pub(crate) fn run(&mut self, request: &Request) -> Result<Outcome, Box<Stopped>> {
        let mut line = serde_json::to_vec(request).expect("a request serializes");
        line.push(b'\n');
        let mut retried = false;
        loop {
            let process = match self.process.take() {
                Some(p) => p,
                None => match self.start() {
                    Ok(p) => p,
                    Err(e) => {
                        return Err(Box::new(Stopped {
                            diagnostic: stopped(format!(
                                "the deck's worker process could not start: {e}"
                            )),
                            checkpoint: None,
                        }));
                    }
                },
            };
            match self.attempt(process, &line) {
                Ok(outcome) => return Ok(outcome),
                Err(stopped) => {
                    // Died (not timed out) after other decks: once more, fresh.
                    if stopped.earlier > 0 && !retried && !stopped.timed_out {
                        retried = true;
                        continue;
                    }
                    return Err(Box::new(Stopped {
                        diagnostic: stopped.diagnostic,
                        checkpoint: stopped.checkpoint,
                    }));
                }
            }
        }
    }

    /// One try in `process`; keeps it for the next deck when it answered.
    /// On failure: why, and how many decks the process had done.
    fn attempt(&mut self, mut process: Process, line: &[u8]) -> Result<Outcome, Box<Attempt>> {
        let started = Instant::now();
        let deadline = started + self.budget.time;
        let sent = process
            .stdin
            .as_mut()
            .map(|s| s.write_all(line).and_then(|()| s.flush()));
        let mut checkpoint = None;
        let mut timed_out = false;
        if matches!(sent, Some(Ok(()))) {
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match process.replies.recv_timeout(left) {
                    Ok(reply) => match serde_json::from_str::<Reply>(&reply) {
                        Ok(Reply::Checkpoint(o)) => checkpoint = Some(Box::new(o)),
                        Ok(Reply::Done(o)) => {
                            process.decks += 1;
                            self.process = Some(process);
                            return Ok(o);
                        }
                        // Not the protocol: something else wrote to its
                        // standard output; ignored.
                        Err(_) => {}
                    },
                    Err(RecvTimeoutError::Timeout) => {
                        timed_out = true;
                        break;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
        }
        let earlier = process.decks;
        process.kill();
        // Its standard error, to the end.
        if let Some(pump) = process.stderr_pump.take() {
            let _ = pump.join();
        }
        let (stderr, out_of_memory) = process.said();
        let message = if timed_out {
            format!(
                "the deck's export took longer than its time budget ({}) and was stopped",
                seconds(self.budget.time)
            )
        } else if self.budget.memory.is_some() && out_of_memory {
            format!(
                "the deck's export needed more memory than its budget ({} MB) and was stopped",
                self.budget.memory.unwrap_or(0) / (1024 * 1024)
            )
        } else {
            let status = process
                .child
                .try_wait()
                .ok()
                .flatten()
                .map_or_else(|| "ended".to_owned(), |s| s.to_string());
            let first: Vec<&str> = stderr.lines().take(2).collect();
            let said = if first.is_empty() {
                "no message".to_owned()
            } else {
                first.join(" ")
            };
            format!("the deck's worker process died ({status}): {said}")
        };
        let message = if checkpoint.is_some() {
            format!("{message}; its JSON and HTML are written, its PDF is not")
        } else {
            message
        };
        Err(Box::new(Attempt {
            diagnostic: stopped(message),
            checkpoint,
            timed_out,
            earlier,
        }))
    }
}

/// Why one try failed.
struct Attempt {
    diagnostic: Diagnostic,
    checkpoint: Option<Box<Outcome>>,
    timed_out: bool,
    /// Decks the process had done before.
    earlier: usize,
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 && s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

fn stopped(message: String) -> Diagnostic {
    Diagnostic::new(Severity::Error, DECK_OVER_BUDGET, message, Span::empty(0)).with_help(
        "the other decks build; if this deck is legitimately this big, raise \
         `--deck-timeout` or `--deck-memory` (or build with `--no-budget`)",
    )
}
