//! Test helper (dev-only, not published): headless Debian Chromium driven
//! over the DevTools protocol, for the browser tests of decktype's HTML
//! outputs (`decktype-export-html`, `decktype-export-site`).
//!
//! A [`Browser`] is one Chromium process with a throw-away profile, spoken
//! to over its DevTools WebSocket (a small synchronous client over
//! tungstenite, no async runtime). [`Browser::open`] opens a page in a new
//! tab and records in a [`PageLog`] what the page does that a quiet,
//! offline page must not: console errors, uncaught exceptions, network
//! requests (anything but `file:`, `data:` and `about:blank`) and dialogs
//! (`alert()` and friends, which are accepted so the page goes on).
//!
//! # Finding Chromium
//!
//! Chromium is `$DECKTYPE_CHROMIUM`, else the first of `chromium`,
//! `chromium-browser` and `google-chrome` on the `PATH`. Without one,
//! [`browser_or_skip`] prints `SKIP <test>: ...` and the test returns
//! early, unless `DECKTYPE_REQUIRE_BROWSER=1` (set by `scripts/test.sh`
//! once it has installed Chromium), where it panics: a CI that promises a
//! browser must not pass by skipping.
//!
//! # Example
//!
//! ```no_run
//! use decktype_test_browser::{PageLog, browser_or_skip};
//!
//! let Some(mut browser) = browser_or_skip("my_test") else { return };
//! let mut log = PageLog::default();
//! let tab = browser.open("file:///tmp/page.html", &mut log);
//! let title = browser.eval(&tab, "document.title", &mut log);
//! browser.close(&tab, &mut log);
//! assert!(log.is_quiet(), "{log:?}");
//! # let _ = title;
//! ```

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// The Chromium to use: `$DECKTYPE_CHROMIUM`, else `chromium`,
/// `chromium-browser` or `google-chrome` from the `PATH`.
pub fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("DECKTYPE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("which").arg(name).output()
            && out.status.success()
        {
            let p = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            if !p.is_empty() {
                return Some(PathBuf::from(p));
            }
        }
    }
    None
}

/// Whether `DECKTYPE_REQUIRE_BROWSER=1`: a missing Chromium is then a
/// failure, not a skip.
pub fn browser_required() -> bool {
    decktype_test_support::required("BROWSER")
}

/// Chromium, launched; or `None` after printing why test `test` skips.
///
/// # Panics
///
/// When no Chromium is found and [`browser_required`].
pub fn browser_or_skip(test: &str) -> Option<Browser> {
    match chromium() {
        Some(path) => Some(Browser::launch(&path)),
        None => {
            let _ = test;
            decktype_test_support::skip(
                "BROWSER",
                "no Chromium found (install Debian's `chromium`, or set DECKTYPE_CHROMIUM)",
            );
            None
        }
    }
}

/// A `file://` URL for a local file (the path made absolute; characters
/// that would end or change the URL's path are percent-encoded).
pub fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'%' | b'#' | b'?' | b' ' | b'"' | b'<' | b'>' | b'\\' | 0..0x20 | 0x7f.. => {
                url.push_str(&format!("%{b:02X}"));
            }
            _ => url.push(char::from(b)),
        }
    }
    url
}

/// One headless Chromium process, killed when dropped.
pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("pid", &self.child.id())
            .finish_non_exhaustive()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a page did while it was open.
#[derive(Debug, Default)]
pub struct PageLog {
    /// Console errors and assertions, uncaught exceptions, error log
    /// entries (a CSP violation is one).
    pub errors: Vec<String>,
    /// URLs requested other than `file:`, `data:` and `about:blank`.
    pub requests: Vec<String>,
    /// Messages of the dialogs that opened (all were accepted).
    pub dialogs: Vec<String>,
}

impl PageLog {
    /// No error, no request, no dialog.
    pub fn is_quiet(&self) -> bool {
        self.errors.is_empty() && self.requests.is_empty() && self.dialogs.is_empty()
    }

    /// One line per thing the page should not have done.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.errors.iter().map(|e| format!("console error: {e}")));
        out.extend(
            self.requests
                .iter()
                .map(|r| format!("network request: {r}")),
        );
        out.extend(self.dialogs.iter().map(|d| format!("dialog: {d}")));
        out
    }
}

impl Browser {
    /// Starts Chromium at `path` headless, with a fresh profile, and
    /// connects to its DevTools WebSocket.
    ///
    /// # Panics
    ///
    /// When Chromium does not start or print its DevTools URL within 30 s.
    pub fn launch(path: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(path)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=1280,720",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("DevTools listening on ").nth(1) {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("chromium prints its DevTools URL");
        let (ws, _) = tungstenite::connect(url.as_str()).expect("DevTools WebSocket");
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        }
        Browser {
            child,
            ws,
            next_id: 1,
            _profile: profile,
        }
    }

    /// Sends DevTools command `method` (to the tab `session`, or to the
    /// browser) and waits for its answer; page events on the way go to
    /// `log`.
    ///
    /// # Panics
    ///
    /// When the command fails or no message arrives for 30 s.
    pub fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        log: &mut PageLog,
    ) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.send(&msg);
        loop {
            let v = self.read(log, session);
            if v["id"] == json!(id) {
                if let Some(e) = v.get("error") {
                    panic!("{method} failed: {e}");
                }
                return v["result"].clone();
            }
        }
    }

    /// Sends `msg`. A signal that interrupts the write (`EINTR`) leaves the
    /// message in tungstenite's buffer, so the rest is flushed again.
    ///
    /// # Panics
    ///
    /// When the WebSocket fails otherwise.
    fn send(&mut self, msg: &Value) {
        let mut sent = self.ws.send(Message::text(msg.to_string()));
        while let Err(tungstenite::Error::Io(e)) = &sent {
            if e.kind() != std::io::ErrorKind::Interrupted {
                break;
            }
            sent = self.ws.flush();
        }
        sent.expect("DevTools send");
    }

    /// Reads one message, recording page events in `log` (and accepting
    /// dialogs in `session`).
    ///
    /// # Panics
    ///
    /// When no message arrives for 30 s.
    pub fn read(&mut self, log: &mut PageLog, session: Option<&str>) -> Value {
        // A signal that lands during the read (`EINTR`) consumed nothing:
        // tungstenite's read is simply called again.
        let msg = loop {
            match self.ws.read() {
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => {}
                read => break read.expect("DevTools message"),
            }
        };
        let Message::Text(text) = msg else {
            return Value::Null;
        };
        let v: Value = serde_json::from_str(&text).unwrap();
        let params = &v["params"];
        match v["method"].as_str() {
            Some("Runtime.consoleAPICalled")
                if matches!(params["type"].as_str(), Some("error" | "assert")) =>
            {
                log.errors
                    .push(format!("console.{}: {}", params["type"], params["args"]));
            }
            Some("Runtime.exceptionThrown") => log
                .errors
                .push(format!("exception: {}", params["exceptionDetails"])),
            Some("Log.entryAdded") if params["entry"]["level"] == "error" => {
                log.errors.push(format!("log: {}", params["entry"]["text"]));
            }
            Some("Network.requestWillBeSent") => {
                let url = params["request"]["url"].as_str().unwrap_or("");
                if !(url.starts_with("file:") || url.starts_with("data:") || url == "about:blank") {
                    log.requests.push(url.to_owned());
                }
            }
            Some("Page.javascriptDialogOpening") => {
                log.dialogs
                    .push(params["message"].as_str().unwrap_or("").to_owned());
                let id = self.next_id;
                self.next_id += 1;
                let mut msg = json!({ "id": id, "method": "Page.handleJavaScriptDialog", "params": { "accept": true } });
                if let Some(s) = session {
                    msg["sessionId"] = json!(s);
                }
                self.send(&msg);
            }
            _ => {}
        }
        v
    }

    /// Opens `url` in a new tab, waits for its load event and returns the
    /// tab's session id. Console, log, network and page events of the tab
    /// are recorded from before the navigation on.
    ///
    /// # Panics
    ///
    /// When the page does not load within 30 s.
    pub fn open(&mut self, url: &str, log: &mut PageLog) -> String {
        let target = self.call(
            None,
            "Target.createTarget",
            json!({ "url": "about:blank" }),
            log,
        );
        let target_id = target["targetId"].as_str().unwrap().to_owned();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
            log,
        );
        let session = attached["sessionId"].as_str().unwrap().to_owned();
        for m in [
            "Runtime.enable",
            "Log.enable",
            "Network.enable",
            "Page.enable",
        ] {
            self.call(Some(&session), m, json!({}), log);
        }
        self.call(Some(&session), "Page.navigate", json!({ "url": url }), log);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "{url} did not load in 30 s");
            let v = self.read(log, Some(&session));
            if v["method"] == "Page.loadEventFired" {
                break;
            }
        }
        session
    }

    /// Evaluates `expression` in the tab and returns its value as JSON (a
    /// promise is returned as is, not awaited: see
    /// [`eval_await`](Self::eval_await)).
    pub fn eval(&mut self, session: &str, expression: &str, log: &mut PageLog) -> Value {
        let r = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
            log,
        );
        r["result"]["value"].clone()
    }

    /// Evaluates `expression` in the tab, awaits the promise it returns (if
    /// any) and returns the result as JSON.
    pub fn eval_await(&mut self, session: &str, expression: &str, log: &mut PageLog) -> Value {
        let r = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            log,
        );
        r["result"]["value"].clone()
    }

    /// Presses and releases a key (`key` and `code` as in `KeyboardEvent`,
    /// `vk` the Windows virtual key code).
    pub fn key(&mut self, session: &str, key: &str, code: &str, vk: u32, log: &mut PageLog) {
        for kind in ["keyDown", "keyUp"] {
            let mut params =
                json!({ "type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk });
            if key == " " && kind == "keyDown" {
                params["text"] = json!(" ");
            }
            self.call(Some(session), "Input.dispatchKeyEvent", params, log);
        }
    }

    /// Types `text` into the focused element, as an input method would
    /// (`input` events fire as for a user's typing).
    pub fn insert_text(&mut self, session: &str, text: &str, log: &mut PageLog) {
        self.call(
            Some(session),
            "Input.insertText",
            json!({ "text": text }),
            log,
        );
    }

    /// Closes the tab.
    pub fn close(&mut self, session: &str, log: &mut PageLog) {
        let _ = self.call(Some(session), "Page.close", json!({}), log);
    }
}
