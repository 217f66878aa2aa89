//! Slide backgrounds reveal.js takes as CSS (`data-background` that is not
//! an image: a gradient) and those a self-contained file cannot show (a
//! video, a web page): the first reach the HTML through the CSS filter,
//! the second are said to be left out (DT050), as is CSS that could load
//! or run something (DT051).

mod common;

/// The `style` of each slide's `dt-bg` layer, and the diagnostics' codes
/// with the line they point at.
fn backgrounds(deck: &str) -> (Vec<String>, Vec<(String, usize)>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.md");
    std::fs::write(&path, deck).unwrap();
    let out = common::export(&path);
    let styles = out
        .html
        .split("class=\"dt-bg\" style=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect();
    let line = |at: usize| deck[..at].matches('\n').count() + 1;
    let codes = out
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("DT05"))
        .map(|d| (d.code.clone(), line(d.span.start)))
        .collect();
    (styles, codes)
}

#[test]
fn a_gradient_is_drawn_and_a_video_or_web_page_said_to_be_left_out() {
    let (styles, codes) = backgrounds(
        "---\ntype: slide\n---\n\n\
         <!-- .slide: data-background=\"linear-gradient(to bottom, #283b95, #17b2c3)\" -->\n\n# Gradient\n\n---\n\n\
         <!-- .slide: data-background-video=\"https://example.org/v.mp4\" -->\n\n# Video\n\n---\n\n\
         <!-- .slide: data-background-iframe=\"https://example.org\" -->\n\n# Page\n\n---\n\n\
         <!-- .slide: data-background=\"url(javascript:alert(1))\" -->\n\n# Script\n",
    );
    assert_eq!(
        styles,
        ["background: linear-gradient(to bottom, #283b95, #17b2c3)"]
    );
    assert_eq!(
        codes,
        [
            ("DT050".to_owned(), 11),
            ("DT050".to_owned(), 17),
            ("DT051".to_owned(), 23)
        ]
    );
}
