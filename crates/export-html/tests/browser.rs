//! The exported HTML in a real browser: headless Debian Chromium, driven over
//! the DevTools protocol (a small client over a WebSocket, below).
//!
//! - Every corpus deck (`../shared/corpus/scs-community-call`, or
//!   `$DECKTYPE_CORPUS`) and every fixture deck loads with no console error,
//!   no uncaught exception and no network request; the slide view shows
//!   slide 1 and reaches the last slide by key presses.
//! - `fixtures/html/xss.md` (50 vectors) runs nothing: no dialog, no request,
//!   no console error (a CSP violation would be one), and its DOM has no
//!   script, frame, form, `on*` attribute or `javascript:` URL of its own.
//!
//! Chromium is found as `$DECKTYPE_CHROMIUM`, `chromium`, `chromium-browser`
//! or `google-chrome`. Without one the tests skip with a message, unless
//! `DECKTYPE_REQUIRE_BROWSER=1` (set by `scripts/test.sh` once it has
//! installed Chromium), where they fail.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

mod common;
use common::root;

fn chromium() -> Option<PathBuf> {
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

/// Chromium, or `None` after saying why the test skips.
fn browser_or_skip(test: &str) -> Option<Browser> {
    match chromium() {
        Some(path) => Some(Browser::launch(&path)),
        None if std::env::var("DECKTYPE_REQUIRE_BROWSER").is_ok_and(|v| v == "1") => {
            panic!("DECKTYPE_REQUIRE_BROWSER=1 but no Chromium found (set DECKTYPE_CHROMIUM)")
        }
        None => {
            eprintln!(
                "SKIP {test}: no Chromium found (install Debian's `chromium`, or set DECKTYPE_CHROMIUM)"
            );
            None
        }
    }
}

/// Exports `path` to HTML in `out_dir`, images resolved next to the deck.
fn export(path: &Path, out_dir: &Path) -> PathBuf {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let out = out_dir.join(format!("{name}.html"));
    std::fs::write(&out, common::export(path).html).unwrap();
    out
}

struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a page did while it was open.
#[derive(Debug, Default)]
struct PageLog {
    errors: Vec<String>,
    requests: Vec<String>,
    dialogs: Vec<String>,
}

impl Browser {
    fn launch(path: &Path) -> Browser {
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

    /// Sends a command and waits for its answer; events on the way go to `log`.
    fn call(
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
        self.ws.send(Message::text(msg.to_string())).unwrap();
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

    /// Reads one message, recording page events.
    fn read(&mut self, log: &mut PageLog, session: Option<&str>) -> Value {
        let msg = self.ws.read().expect("DevTools message");
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
                self.ws.send(Message::text(msg.to_string())).unwrap();
            }
            _ => {}
        }
        v
    }

    /// Opens `url` in a new tab and waits for its load event.
    fn open(&mut self, url: &str, log: &mut PageLog) -> String {
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

    fn eval(&mut self, session: &str, expression: &str, log: &mut PageLog) -> Value {
        let r = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
            log,
        );
        r["result"]["value"].clone()
    }

    fn key(&mut self, session: &str, key: &str, code: &str, vk: u32, log: &mut PageLog) {
        for kind in ["keyDown", "keyUp"] {
            let mut params =
                json!({ "type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk });
            if key == " " && kind == "keyDown" {
                params["text"] = json!(" ");
            }
            self.call(Some(session), "Input.dispatchKeyEvent", params, log);
        }
    }

    fn close(&mut self, session: &str, log: &mut PageLog) {
        let _ = self.call(Some(session), "Page.close", json!({}), log);
    }
}

/// Loads `html`, checks it is quiet, and walks the slide view to the end.
fn check_deck(browser: &mut Browser, html: &Path) -> Result<(), String> {
    let mut log = PageLog::default();
    let url = format!("file://{}", html.display());
    let session = browser.open(&url, &mut log);
    let total = browser
        .eval(
            &session,
            "document.querySelectorAll('.dt-slide').length",
            &mut log,
        )
        .as_u64()
        .unwrap_or(0);
    let first = browser.eval(
        &session,
        "(() => { const s = document.querySelector('.dt-slide.dt-current'); const r = s && s.getBoundingClientRect(); return document.body.classList.contains('dt-slides') && document.body.dataset.slide === '0' && s === document.querySelector('.dt-slide') && r.width > 100 && r.height > 50; })()",
        &mut log,
    );
    let mut problems = Vec::new();
    if total == 0 {
        problems.push("no slides".to_owned());
    }
    if first != json!(true) {
        problems.push("the slide view does not show slide 1".to_owned());
    }
    // ArrowRight goes to the next column.
    let columns = browser
        .eval(
            &session,
            "Math.max(...[...document.querySelectorAll('.dt-slide')].map(s => +s.dataset.h)) + 1",
            &mut log,
        )
        .as_u64()
        .unwrap_or(1);
    if columns > 1 {
        browser.key(&session, "ArrowRight", "ArrowRight", 39, &mut log);
        let h = browser.eval(
            &session,
            "document.querySelector('.dt-slide.dt-current').dataset.h",
            &mut log,
        );
        if h != json!("1") {
            problems.push(format!("ArrowRight went to column {h}, not 1"));
        }
        browser.key(&session, "Home", "Home", 36, &mut log);
    }
    for _ in 1..total {
        browser.key(&session, " ", "Space", 32, &mut log);
    }
    let last = browser.eval(&session, "document.body.dataset.slide", &mut log);
    if last != json!((total.max(1) - 1).to_string()) {
        problems.push(format!(
            "space × {} reached slide {last}, not the last ({})",
            total.saturating_sub(1),
            total.saturating_sub(1)
        ));
    }
    // Speaker notes and the overview toggle.
    browser.key(&session, "s", "KeyS", 83, &mut log);
    let notes = browser.eval(
        &session,
        "document.body.classList.contains('dt-show-notes')",
        &mut log,
    );
    browser.key(&session, "s", "KeyS", 83, &mut log);
    browser.key(&session, "o", "KeyO", 79, &mut log);
    let overview = browser.eval(
        &session,
        "document.body.classList.contains('dt-overview')",
        &mut log,
    );
    browser.key(&session, "o", "KeyO", 79, &mut log);
    if notes != json!(true) || overview != json!(true) {
        problems.push(format!(
            "`s` (notes: {notes}) or `o` (overview: {overview}) does not toggle"
        ));
    }
    // The document view and back.
    browser.key(&session, "d", "KeyD", 68, &mut log);
    let doc = browser.eval(
        &session,
        "document.body.classList.contains('dt-document')",
        &mut log,
    );
    if doc != json!(true) {
        problems.push("`d` does not switch to the document view".to_owned());
    }
    // Let late events (images, CSS) arrive.
    browser.eval(&session, "new Promise(r => setTimeout(r, 50))", &mut log);
    browser.close(&session, &mut log);
    problems.extend(log.errors.iter().map(|e| format!("console error: {e}")));
    problems.extend(log.requests.iter().map(|r| format!("network request: {r}")));
    problems.extend(log.dialogs.iter().map(|d| format!("dialog: {d}")));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n    "))
    }
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var("DECKTYPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("../shared/corpus"));
    let dir = dir.join("scs-community-call");
    dir.is_dir().then_some(dir)
}

#[test]
fn every_deck_loads_quietly_and_navigates_in_chromium() {
    let Some(mut browser) = browser_or_skip("every_deck_loads_quietly_and_navigates_in_chromium")
    else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let mut decks: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    decks.push(root().join("fixtures/html/xss.md"));
    match corpus() {
        Some(dir) => decks.extend(
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "md")),
        ),
        None => eprintln!(
            "SKIP corpus decks: ../shared/corpus not found (set DECKTYPE_CORPUS); fixtures only"
        ),
    }
    decks.sort();
    let mut failures = Vec::new();
    for deck in &decks {
        let html = export(deck, out.path());
        if let Err(e) = check_deck(&mut browser, &html) {
            failures.push(format!("{}:\n    {e}", deck.display()));
        }
    }
    eprintln!("{} decks checked in Chromium", decks.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn xss_vectors_run_nothing_in_chromium() {
    let Some(mut browser) = browser_or_skip("xss_vectors_run_nothing_in_chromium") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let html = export(&root().join("fixtures/html/xss.md"), out.path());
    let mut log = PageLog::default();
    let session = browser.open(&format!("file://{}", html.display()), &mut log);
    // Hover and click everything, focus everything, toggle details: event
    // handlers that survived would fire now.
    browser.eval(
        &session,
        "(async () => { for (const el of document.querySelectorAll('body *')) { for (const t of ['mouseover','mouseenter','click','focus','toggle','load','error','start']) { el.dispatchEvent(new Event(t)); } } await new Promise(r => setTimeout(r, 300)); })()",
        &mut log,
    );
    let dom = browser.eval(
        &session,
        r#"(() => {
            const bad = [];
            const scripts = document.querySelectorAll('script');
            if (scripts.length !== 2) bad.push('scripts: ' + scripts.length);
            for (const sel of ['iframe','object','embed','form','input','link','base','meta[http-equiv=refresh]','svg','math','video','audio','template','textarea','noscript','style:not(:first-of-type):not(#decktype-deck-css)']) {
                if (document.querySelector(sel)) bad.push('element: ' + sel);
            }
            for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) {
                    if (/^on/i.test(a.name)) bad.push('attribute ' + a.name + ' on ' + el.tagName);
                    if (/^\s*(javascript|vbscript|data:text)/i.test(a.value) && a.name !== 'content') bad.push('url ' + a.value);
                }
            }
            if (document.querySelectorAll('#decktype-data').length !== 1) bad.push('duplicate id decktype-data');
            const css = [...document.styleSheets].map(s => [...s.cssRules].map(r => r.cssText).join('\n')).join('\n');
            if (/url\(\s*["']?(?!data:)/i.test(css) || /expression|@import|binding|behavior/i.test(css)) bad.push('css: ' + css.match(/.{0,40}(url\(|expression|@import|binding|behavior).{0,40}/i)[0]);
            return bad;
        })()"#,
        &mut log,
    );
    browser.close(&session, &mut log);
    assert_eq!(dom, json!([]), "hostile content survived in the DOM");
    assert!(log.dialogs.is_empty(), "dialogs opened: {:?}", log.dialogs);
    assert!(log.requests.is_empty(), "requests made: {:?}", log.requests);
    assert!(log.errors.is_empty(), "console errors: {:?}", log.errors);
}
