//! JSON embedded in a `<script>` element.

/// `json` (JSON text) made safe inside a `<script>` element: `<`, `>` and
/// `&` are written as `\u003c`, `\u003e` and `\u0026`. JSON has them only
/// inside strings, where the escapes mean the same characters, so the
/// result parses to the same value and no text in it can end the element
/// (`</script>`) or open a comment (`<!--`).
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_element() {
        let json = r#"{"t":"</script><script>alert(1)</script><!--&"}"#;
        let s = script_json(json);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert_eq!(
            s,
            r#"{"t":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e\u003c!--\u0026"}"#
        );
    }
}
