//! The exported HTML in a real browser: headless Debian Chromium, driven over
//! the DevTools protocol (the small client of `decktype-test-browser`).
//!
//! - Every corpus deck (`../shared/corpus/scs-community-call`, or
//!   `$DECKTYPE_CORPUS`) and every fixture deck loads with no console error,
//!   no uncaught exception and no network request; the slide view shows
//!   slide 1 alone and reaches the last slide by key presses (stepping
//!   through the fragments on the way).
//! - `fixtures/fragments.md`: fragments step in reveal.js's order, back
//!   hides them, and the document view and print show them all.
//! - `fixtures/deck-css-structure.md`: deck rules aimed at reveal.js's
//!   structure style the slides and never show, hide or clip decktype's
//!   slides, notes or controls.
//! - `fixtures/html/xss.md` (50 vectors) runs nothing: no dialog, no request,
//!   no console error (a CSP violation would be one), and its DOM has no
//!   script, frame, form, `on*` attribute or `javascript:` URL of its own.
//!
//! Chromium is found as `$DECKTYPE_CHROMIUM`, `chromium`, `chromium-browser`
//! or `google-chrome` (the client and the lookup are `decktype-test-browser`,
//! shared with the site export's browser test). Without one the tests skip
//! with a message, unless `DECKTYPE_REQUIRE_BROWSER=1` (set by
//! `scripts/test.sh` once it has installed Chromium), where they fail.

use std::path::{Path, PathBuf};

use decktype_test_browser::{Browser, PageLog, browser_or_skip};
use serde_json::json;

mod common;
use common::root;

/// Exports `path` to HTML in `out_dir`, images resolved next to the deck.
fn export(path: &Path, out_dir: &Path) -> PathBuf {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let out = out_dir.join(format!("{name}.html"));
    std::fs::write(&out, common::export(path).html).unwrap();
    out
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
        "(() => { const s = document.querySelector('.dt-slide.dt-current'); const r = s && s.getBoundingClientRect(); const shown = [...document.querySelectorAll('section.dt-slide')].filter(x => getComputedStyle(x).display !== 'none'); return document.body.classList.contains('dt-slides') && document.body.dataset.slide === '0' && s === document.querySelector('.dt-slide') && shown.length === 1 && shown[0] === s && r.width > 100 && r.height > 50; })()",
        &mut log,
    );
    let mut problems = Vec::new();
    if total == 0 {
        problems.push("no slides".to_owned());
    }
    if first != json!(true) {
        problems.push("the slide view does not show slide 1 alone".to_owned());
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
    // Fragments step before slides do: one press per fragment at most.
    let fragments = browser
        .eval(
            &session,
            "document.querySelectorAll('.dt-content .fragment').length",
            &mut log,
        )
        .as_u64()
        .unwrap_or(0);
    if columns > 1 {
        browser.key(&session, "ArrowRight", "ArrowRight", 39, &mut log);
        for _ in 0..fragments {
            if browser.eval(&session, "document.body.dataset.slide", &mut log) != json!("0") {
                break;
            }
            browser.key(&session, "ArrowRight", "ArrowRight", 39, &mut log);
        }
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
    for _ in 1..total + fragments {
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
    problems.extend(log.problems());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n    "))
    }
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
    // Without the corpus the fixtures still run (and the skip is logged,
    // or a failure under DECKTYPE_REQUIRE_CORPUS=1).
    decks.extend(decktype_test_support::call_decks().unwrap_or_default());
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
            for (const sel of ['iframe','object','embed','form','input','link','base','meta[http-equiv=refresh]','svg','math','video','audio','template','textarea','noscript','style:not(:first-of-type):not(#decktype-theme):not(#decktype-stage):not(#decktype-deck-css)']) {
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

/// The current slide's stage in the slide view: its width / height, and how
/// far down the stage its first content element starts (0 = the top edge,
/// 1 = the bottom edge).
fn stage_geometry(browser: &mut Browser, html: &Path) -> (f64, f64) {
    let mut log = PageLog::default();
    let session = browser.open(&format!("file://{}", html.display()), &mut log);
    let geometry = browser.eval(
        &session,
        "(() => { const s = document.querySelector('.dt-slide.dt-current'); const r = s.getBoundingClientRect(); const c = s.querySelector('.dt-content > *').getBoundingClientRect(); return [r.width / r.height, (c.top - r.top) / r.height]; })()",
        &mut log,
    );
    browser.close(&session, &mut log);
    assert!(log.is_quiet(), "{:?}", log.problems());
    let number = |i: usize| geometry[i].as_f64().expect("a number");
    (number(0), number(1))
}

#[test]
fn slide_options_shape_the_stage_and_center_false_puts_content_at_the_top() {
    let Some(mut browser) =
        browser_or_skip("slide_options_shape_the_stage_and_center_false_puts_content_at_the_top")
    else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    // 1600 × 1200 with margin 0.1 and center: false.
    let sized = export(&root().join("fixtures/slide-size-4x3.md"), out.path());
    let (ratio, top) = stage_geometry(&mut browser, &sized);
    assert!(
        (ratio / (4.0 / 3.0) - 1.0).abs() < 0.01,
        "4:3 deck: {ratio}"
    );
    assert!(
        top < 0.1,
        "center: false, content starts {top} down the stage"
    );
    // Width 1280 with height '100%' is not a size: today's 16:9 stage,
    // content centred.
    let default = export(&root().join("fixtures/basic.md"), out.path());
    let (ratio, top) = stage_geometry(&mut browser, &default);
    assert!(
        (ratio / (1244.0 / 700.0) - 1.0).abs() < 0.01,
        "default stage: {ratio}"
    );
    assert!(top > 0.2, "centred content starts {top} down the stage");
}

/// What the current slide shows of its fragments: their text, in document
/// order, when not hidden (visibility and opacity, transitions off).
const SHOWN: &str = "[...document.querySelectorAll('.dt-slide.dt-current .fragment')].filter(f => { const c = getComputedStyle(f); return c.visibility !== 'hidden' && +c.opacity > 0; }).map(f => f.textContent.trim())";

/// Opens `html` at `hash` with CSS transitions off (so computed styles are
/// final at once).
fn open_still(browser: &mut Browser, html: &Path, hash: &str, log: &mut PageLog) -> String {
    let session = browser.open(&format!("file://{}{hash}", html.display()), log);
    browser.eval(
        &session,
        "(() => { const s = document.createElement('style'); s.textContent = '*, *::before { transition: none !important; }'; document.head.append(s); })()",
        log,
    );
    session
}

fn press(browser: &mut Browser, session: &str, key: &str, log: &mut PageLog) {
    let (code, vk) = match key {
        " " => ("Space", 32),
        "ArrowRight" => ("ArrowRight", 39),
        "ArrowLeft" => ("ArrowLeft", 37),
        "ArrowDown" => ("ArrowDown", 40),
        "ArrowUp" => ("ArrowUp", 38),
        "n" => ("KeyN", 78),
        "p" => ("KeyP", 80),
        "s" => ("KeyS", 83),
        "d" => ("KeyD", 68),
        "o" => ("KeyO", 79),
        other => panic!("no key code for {other}"),
    };
    browser.key(session, key, code, vk, log);
}

#[test]
fn fragments_step_in_reveal_order_and_back_hides_them() {
    let Some(mut browser) = browser_or_skip("fragments_step_in_reveal_order_and_back_hides_them")
    else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let html = export(&root().join("fixtures/fragments.md"), out.path());
    let mut log = PageLog::default();
    // Slide 2: index 2 (two), no index (last), index 1 (first).
    let s = open_still(&mut browser, &html, "#/1", &mut log);
    let slide = |b: &mut Browser, log: &mut PageLog| {
        b.eval(&s, "document.body.dataset.slide", log)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let mut steps = Vec::new();
    steps.push((
        slide(&mut browser, &mut log),
        browser.eval(&s, SHOWN, &mut log),
    ));
    for key in [
        " ",
        "ArrowRight",
        "n",
        "ArrowLeft",
        "ArrowDown",
        "ArrowRight",
    ] {
        press(&mut browser, &s, key, &mut log);
        steps.push((
            slide(&mut browser, &mut log),
            browser.eval(&s, SHOWN, &mut log),
        ));
    }
    let all = json!(["Second, with C", "Last: no index", "First", "Second too, C"]);
    assert_eq!(
        steps,
        [
            ("1".to_owned(), json!([])),
            ("1".to_owned(), json!(["First"])),
            (
                "1".to_owned(),
                json!(["Second, with C", "First", "Second too, C"])
            ),
            ("1".to_owned(), all.clone()),
            // Back hides the last one shown.
            (
                "1".to_owned(),
                json!(["Second, with C", "First", "Second too, C"])
            ),
            ("1".to_owned(), all.clone()),
            // No fragment left: the next slide, its fragments hidden.
            ("2".to_owned(), json!([])),
        ]
    );
    // Slide 3, from `.element` comments: index 0 first, then document order.
    press(&mut browser, &s, " ", &mut log);
    assert_eq!(browser.eval(&s, SHOWN, &mut log), json!(["Three"]));
    press(&mut browser, &s, " ", &mut log);
    assert_eq!(browser.eval(&s, SHOWN, &mut log), json!(["One", "Three"]));
    for _ in 0..3 {
        press(&mut browser, &s, " ", &mut log);
    }
    assert_eq!(
        browser.eval(&s, SHOWN, &mut log),
        json!([
            "One",
            "Two",
            "Three",
            "A paragraph fragment.",
            "a code block"
        ])
    );
    // Back through them, then to slide 2, which shows all its fragments.
    for _ in 0..5 {
        press(&mut browser, &s, "p", &mut log);
    }
    assert_eq!(browser.eval(&s, SHOWN, &mut log), json!([]));
    assert_eq!(slide(&mut browser, &mut log), "2");
    press(&mut browser, &s, "p", &mut log);
    assert_eq!(slide(&mut browser, &mut log), "1");
    assert_eq!(browser.eval(&s, SHOWN, &mut log), all);
    browser.close(&s, &mut log);

    // A vertical slide steps with ↓ too; the notes' fragment always shows.
    let s = open_still(&mut browser, &html, "#/4/1", &mut log);
    assert_eq!(browser.eval(&s, SHOWN, &mut log), json!([]));
    press(&mut browser, &s, "ArrowDown", &mut log);
    assert_eq!(
        browser.eval(&s, SHOWN, &mut log),
        json!(["A fragment in a vertical slide"])
    );
    assert_eq!(
        browser.eval(&s, "document.body.dataset.slide", &mut log),
        json!("5")
    );
    press(&mut browser, &s, "ArrowUp", &mut log);
    assert_eq!(browser.eval(&s, SHOWN, &mut log), json!([]));
    press(&mut browser, &s, "s", &mut log);
    let notes = browser.eval(
        &s,
        "(() => { const f = document.querySelector('.dt-speaker .fragment'); const c = getComputedStyle(f); const r = f.getBoundingClientRect(); return c.visibility === 'visible' && +c.opacity === 1 && r.height > 0; })()",
        &mut log,
    );
    assert_eq!(notes, json!(true), "the notes' fragment shows");
    browser.close(&s, &mut log);
    assert!(log.is_quiet(), "{:?}", log.problems());
}

#[test]
fn fragment_effects_step_as_in_reveal_js() {
    let Some(mut browser) = browser_or_skip("fragment_effects_step_as_in_reveal_js") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let html = export(&root().join("fixtures/fragments.md"), out.path());
    let mut log = PageLog::default();
    let s = open_still(&mut browser, &html, "#/3", &mut log);
    // Shown before any step: those whose effect is not to appear.
    assert_eq!(
        browser.eval(&s, SHOWN, &mut log),
        json!([
            "fade-out",
            "semi-fade-out",
            "grow",
            "shrink",
            "strike",
            "red",
            "green",
            "blue",
            "current red",
            "current green",
            "current blue"
        ])
    );
    let style = |b: &mut Browser, log: &mut PageLog, text: &str, prop: &str| {
        b.eval(
            &s,
            &format!(
                "(() => {{ const f = [...document.querySelectorAll('.dt-slide.dt-current .fragment')].find(f => f.textContent.trim() === '{text}'); return getComputedStyle(f).getPropertyValue('{prop}'); }})()"
            ),
            log,
        )
    };
    press(&mut browser, &s, " ", &mut log); // fade-out
    assert_eq!(
        style(&mut browser, &mut log, "fade-out", "opacity"),
        json!("0")
    );
    for _ in 0..5 {
        press(&mut browser, &s, " ", &mut log); // … fade-in-then-out
    }
    assert_eq!(
        style(&mut browser, &mut log, "fade-in-then-out", "opacity"),
        json!("1")
    );
    press(&mut browser, &s, " ", &mut log); // fade-in-then-semi-out
    assert_eq!(
        style(&mut browser, &mut log, "fade-in-then-out", "opacity"),
        json!("0")
    );
    assert_eq!(
        style(&mut browser, &mut log, "fade-in-then-semi-out", "opacity"),
        json!("1")
    );
    press(&mut browser, &s, " ", &mut log); // current-visible
    assert_eq!(
        style(&mut browser, &mut log, "fade-in-then-semi-out", "opacity"),
        json!("0.5")
    );
    for _ in 0..7 {
        press(&mut browser, &s, " ", &mut log); // … highlight-blue
    }
    assert_eq!(
        style(&mut browser, &mut log, "strike", "text-decoration-line"),
        json!("line-through")
    );
    assert_eq!(
        style(&mut browser, &mut log, "red", "color"),
        json!("rgb(255, 44, 45)")
    );
    press(&mut browser, &s, " ", &mut log); // highlight-current-red
    assert_eq!(
        style(&mut browser, &mut log, "current red", "color"),
        json!("rgb(255, 44, 45)")
    );
    press(&mut browser, &s, " ", &mut log); // highlight-current-green
    assert_ne!(
        style(&mut browser, &mut log, "current red", "color"),
        json!("rgb(255, 44, 45)")
    );
    assert_eq!(
        browser.eval(&s, "document.body.dataset.slide", &mut log),
        json!("3")
    );
    browser.close(&s, &mut log);
    assert!(log.is_quiet(), "{:?}", log.problems());
}

/// Every fragment of the page: (text, shown) where shown means visible,
/// opacity at least 0.5 and on a slide that is displayed.
const ALL_FRAGMENTS_SHOWN: &str = "[...document.querySelectorAll('.dt-slide .fragment')].filter(f => { const c = getComputedStyle(f); const r = f.getBoundingClientRect(); return !(c.visibility === 'visible' && +c.opacity >= 0.5 && r.width > 0 && r.height > 0); }).map(f => f.textContent.trim())";

#[test]
fn document_view_and_print_show_every_fragment() {
    let Some(mut browser) = browser_or_skip("document_view_and_print_show_every_fragment") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let html = export(&root().join("fixtures/fragments.md"), out.path());
    let mut log = PageLog::default();
    // The document view, reached from the slide view with fragments hidden.
    let s = open_still(&mut browser, &html, "#/3", &mut log);
    press(&mut browser, &s, " ", &mut log);
    press(&mut browser, &s, "d", &mut log);
    assert_eq!(
        browser.eval(&s, "document.body.className", &mut log),
        json!("dt-document")
    );
    assert_eq!(browser.eval(&s, ALL_FRAGMENTS_SHOWN, &mut log), json!([]));
    let total = browser.eval(
        &s,
        "document.querySelectorAll('.dt-slide .fragment').length",
        &mut log,
    );
    assert!(total.as_u64().unwrap() >= 20, "{total}");
    // The final state: struck, highlighted; what fades out stays.
    assert_eq!(
        browser.eval(
            &s,
            "[...document.querySelectorAll('.fragment.strike, .fragment.highlight-red, .fragment.fade-out')].map(f => getComputedStyle(f).textDecorationLine + ' ' + getComputedStyle(f).color + ' ' + getComputedStyle(f).opacity)",
            &mut log
        ),
        json!([
            "none rgb(34, 34, 34) 1",
            "line-through rgb(34, 34, 34) 1",
            "none rgb(255, 44, 45) 1"
        ])
    );
    browser.close(&s, &mut log);
    // Print from the slide view: every slide, every fragment.
    let s = open_still(&mut browser, &html, "#/1", &mut log);
    browser.call(
        Some(&s),
        "Emulation.setEmulatedMedia",
        json!({ "media": "print" }),
        &mut log,
    );
    assert_eq!(
        browser.eval(
            &s,
            "document.body.classList.contains('dt-slides')",
            &mut log
        ),
        json!(true)
    );
    assert_eq!(browser.eval(&s, ALL_FRAGMENTS_SHOWN, &mut log), json!([]));
    assert_eq!(
        browser.eval(
            &s,
            "[...document.querySelectorAll('section.dt-slide')].filter(x => getComputedStyle(x).display === 'none').length",
            &mut log
        ),
        json!(0)
    );
    browser.close(&s, &mut log);
    assert!(log.is_quiet(), "{:?}", log.problems());
}

#[test]
fn deck_css_styles_slides_and_never_decktype_structure() {
    let Some(mut browser) = browser_or_skip("deck_css_styles_slides_and_never_decktype_structure")
    else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let html = export(&root().join("fixtures/deck-css-structure.md"), out.path());
    let mut log = PageLog::default();
    let s = open_still(&mut browser, &html, "", &mut log);
    // `section { display: flex !important }`: still one slide at a time.
    let displayed = "[...document.querySelectorAll('section.dt-slide')].filter(x => getComputedStyle(x).display !== 'none').map(x => x.id)";
    assert_eq!(browser.eval(&s, displayed, &mut log), json!(["slide-1"]));
    // `.reveal h1 { text-transform: none }` and `.slides li` reach the slide.
    assert_eq!(
        browser.eval(
            &s,
            "[getComputedStyle(document.querySelector('.dt-current h1')).textTransform, getComputedStyle(document.querySelector('.dt-current li')).color]",
            &mut log
        ),
        json!(["none", "rgb(15, 95, 225)"])
    );
    // The stage fills the window's height, centred, and is not clipped.
    let stage = "(() => { const r = document.querySelector('.dt-slide.dt-current').getBoundingClientRect(); const c = document.querySelector('.dt-current .dt-content').getBoundingClientRect(); return Math.abs(r.width / r.height - 1244 / 700) < 0.01 && r.top >= -1 && r.bottom <= innerHeight + 1 && Math.abs(r.left + r.right - innerWidth) < 2 && c.height > 50; })()";
    assert_eq!(browser.eval(&s, stage, &mut log), json!(true));
    // The controls stay visible (`body ~ div`, `div { position: absolute }`).
    let hud = "[...document.querySelectorAll('.dt-hud, .dt-hud button')].every(b => { const r = b.getBoundingClientRect(); return getComputedStyle(b).display !== 'none' && getComputedStyle(b).visibility === 'visible' && r.width > 0 && r.height > 0 && r.bottom <= innerHeight && r.right <= innerWidth; })";
    assert_eq!(browser.eval(&s, hud, &mut log), json!(true));
    // `section[data-background] h1`.
    press(&mut browser, &s, "ArrowRight", &mut log);
    assert_eq!(
        browser.eval(
            &s,
            "getComputedStyle(document.querySelector('.dt-current h1')).color",
            &mut log
        ),
        json!("rgb(255, 255, 255)")
    );
    // The slide with notes is not blank (`*:has(+ [class*=notes])`), and
    // `.reveal .slides section h2` colours its h2.
    press(&mut browser, &s, "ArrowRight", &mut log);
    assert_eq!(browser.eval(&s, displayed, &mut log), json!(["slide-3"]));
    assert_eq!(browser.eval(&s, stage, &mut log), json!(true));
    assert_eq!(
        browser.eval(
            &s,
            "[...document.querySelectorAll('.dt-current .dt-content > *')].map(e => [e.textContent, getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0, getComputedStyle(e).color])",
            &mut log
        ),
        json!([
            ["A red subtitle", true, "rgb(255, 0, 0)"],
            ["Text before the notes.", true, "rgb(34, 34, 34)"]
        ])
    );
    // Notes show on `s` though the deck hides every `aside`.
    press(&mut browser, &s, "s", &mut log);
    let notes = "(() => { const n = document.querySelector('.dt-current + .dt-speaker'); const r = n.getBoundingClientRect(); return getComputedStyle(n).display !== 'none' && r.height > 20 && r.bottom <= innerHeight + 1; })()";
    assert_eq!(browser.eval(&s, notes, &mut log), json!(true));
    press(&mut browser, &s, "s", &mut log);
    // The vertical stack: ↓ within the column, one slide shown.
    press(&mut browser, &s, "ArrowRight", &mut log);
    press(&mut browser, &s, "ArrowDown", &mut log);
    assert_eq!(browser.eval(&s, displayed, &mut log), json!(["slide-5"]));
    assert_eq!(
        browser.eval(
            &s,
            "document.querySelector('.dt-current').parentElement.matches('section.stack')",
            &mut log
        ),
        json!(true)
    );
    // The overview shows every slide; the document view every slide and
    // its notes.
    press(&mut browser, &s, "o", &mut log);
    assert_eq!(
        browser
            .eval(&s, displayed, &mut log)
            .as_array()
            .map(Vec::len),
        Some(5)
    );
    press(&mut browser, &s, "o", &mut log);
    assert_eq!(browser.eval(&s, displayed, &mut log), json!(["slide-5"]));
    press(&mut browser, &s, "d", &mut log);
    assert_eq!(
        browser
            .eval(&s, displayed, &mut log)
            .as_array()
            .map(Vec::len),
        Some(5)
    );
    assert_eq!(
        browser.eval(
            &s,
            "[...document.querySelectorAll('.dt-speaker, .dt-section-title')].every(n => getComputedStyle(n).display === 'block' && n.getBoundingClientRect().height > 10)",
            &mut log
        ),
        json!(true)
    );
    // Document view slides are stacked in order, not on top of each other.
    assert_eq!(
        browser.eval(
            &s,
            "(() => { const t = [...document.querySelectorAll('section.dt-slide')].map(x => x.getBoundingClientRect().top); return t.every((v, i) => i === 0 || v > t[i - 1] + 300); })()",
            &mut log
        ),
        json!(true)
    );
    browser.close(&s, &mut log);
    assert!(log.is_quiet(), "{:?}", log.problems());
}

/// In a right-to-left deck the slide counter reads "2 / N" from left to
/// right, as in any deck (it inherited `dir="rtl"` and the bidi algorithm
/// showed "N / 2"): the first character of its text is drawn left of the
/// last, while the page itself stays right-to-left.
#[test]
fn the_slide_counter_reads_left_to_right_in_a_right_to_left_deck() {
    let Some(mut browser) =
        browser_or_skip("the_slide_counter_reads_left_to_right_in_a_right_to_left_deck")
    else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let html = export(
        &root().join("fixtures/styles/ar-rtl-opensource-day.md"),
        out.path(),
    );
    let mut log = PageLog::default();
    let session = open_still(&mut browser, &html, "#/1", &mut log);
    let got = browser.eval(
        &session,
        "(() => { const n = document.querySelector('.dt-number'); const t = n.firstChild; const at = i => { const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1); return r.getBoundingClientRect().left; }; return [document.documentElement.dir, getComputedStyle(document.body).direction, n.textContent, at(0) < at(t.length - 1)]; })()",
        &mut log,
    );
    browser.close(&session, &mut log);
    assert!(log.is_quiet(), "{:?}", log.problems());
    assert_eq!(got[0], "rtl", "{got}");
    assert_eq!(got[1], "rtl", "{got}");
    let text = got[2].as_str().unwrap();
    assert!(text.starts_with("2 / "), "{got}");
    assert_eq!(got[3], true, "\"{text}\" is drawn right to left: {got}");
}
