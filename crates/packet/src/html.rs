//! What the packet's HTML pages share: escaping, the page frame and the style sheet. Pages
//! are self-contained (no scripts, no external resources), print cleanly, and reflow at 200%
//! zoom or on a narrow window (tables become stacked rows).

/// The start of a page, up to and including `<body>`.
pub fn page_start(title: &str) -> String {
    page_start_with_style(title, "")
}

/// The start of a page whose own rules (`extra_style`, a page's print layout, say) follow the
/// shared style sheet.
pub fn page_start_with_style(title: &str, extra_style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}{extra_style}</style>\n</head>\n<body>\n",
        escape(title)
    )
}

/// The end of a page.
pub const PAGE_END: &str = "</body>\n</html>\n";

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;\
line-height:1.5;color:#1b1f1f;overflow-wrap:break-word}h1{font-size:1.8rem}h2{margin-top:2rem}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}\
table{border-collapse:collapse;width:100%}\
th,td{border-bottom:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}\
.hash{font-family:monospace;font-size:.8rem;word-break:break-all;min-width:8rem}a{color:#0e6b6e}\
.state{font-weight:600}.missing{color:#8a1c1c}.why,.reason{color:#3d4545}\
.questions li{margin-bottom:.6rem}.star{font-weight:700}\
@media (max-width:48rem){dl{display:block}dd{margin:0 0 .5rem}thead{display:none}\
table,tbody,tr,td{display:block}tr{border-bottom:1px solid #999;padding:.4rem 0}td{border:0;padding:.1rem 0}\
td[data-label]::before{content:attr(data-label) \": \";font-weight:600}}\
@page{margin:1.5cm}@media print{body{margin:0;max-width:none;font-size:10pt;line-height:1.3}\
h1{font-size:16pt;margin:0 0 .5rem}h2{font-size:13pt;margin:1rem 0 .4rem}h3{font-size:11pt;margin:.6rem 0 .3rem}\
.questions li{margin-bottom:.25rem}.reason{font-size:8.5pt}.hash{font-size:7pt}\
a{color:inherit;text-decoration:none}tr,li{break-inside:avoid}h2,h3{break-after:avoid}}";

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn the_page_frame_holds_no_script_and_loads_nothing() {
        let page = format!("{}{PAGE_END}", page_start("A & <b>"));
        assert!(page.contains("<title>A &amp; &lt;b&gt;</title>"));
        assert!(!page.contains("<script"));
        assert!(!page.contains("http"));
        assert!(!page.contains("url("));
    }
}
