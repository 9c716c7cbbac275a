//! `INDEX.html`: the packet's front page for people. Self-contained: no scripts, no external
//! resources, readable in any browser and printable.

use std::fmt::Write;

use carryall_domain::Case;

use crate::names::url_path;
use crate::summary::PackedDocument;

/// The page. `as_of` is the packet's date, written out.
pub fn index_html(
    case: &Case,
    documents: &[PackedDocument<'_>],
    software: &str,
    as_of: &str,
) -> String {
    let mut page = String::new();
    let name = escape(&case.patient.name);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Second-opinion records: {name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Records for a second opinion</h1>\n"
    );
    page.push_str("<section>\n<h2>Patient and request</h2>\n<dl>\n");
    row(&mut page, "Patient", Some(case.patient.name.as_str()));
    row(
        &mut page,
        "Date of birth",
        case.patient.date_of_birth.map(|d| d.to_string()).as_deref(),
    );
    row(
        &mut page,
        "Type of cancer",
        case.cancer_type.as_ref().map(|t| t.label()),
    );
    row(
        &mut page,
        "What the second opinion should answer",
        case.reason.as_deref(),
    );
    row(&mut page, "For", case.provider.as_deref());
    row(
        &mut page,
        "Appointment",
        case.appointment.map(|d| d.to_string()).as_deref(),
    );
    row(&mut page, "Packet prepared", Some(as_of));
    page.push_str("</dl>\n</section>\n");

    let mut by_date: Vec<&PackedDocument<'_>> = documents
        .iter()
        .filter(|p| p.document.document_date.is_some())
        .collect();
    if !by_date.is_empty() {
        by_date.sort_by_key(|p| p.document.document_date);
        page.push_str("<section>\n<h2>Timeline</h2>\n<ol class=\"timeline\">\n");
        for packed in by_date {
            let d = packed.document;
            let _ = writeln!(
                page,
                "<li><time>{}</time> {}: <a href=\"{}\">{}</a></li>",
                d.document_date
                    .map(|day| day.to_string())
                    .unwrap_or_default(),
                escape(d.category.label()),
                escape(&url_path(packed.path)),
                escape(&d.original_name),
            );
        }
        page.push_str("</ol>\n</section>\n");
    }

    let _ = writeln!(page, "<section>\n<h2>Documents ({})</h2>", documents.len());
    page.push_str(
        "<table>\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Date</th>\
         <th scope=\"col\">Document</th><th scope=\"col\">Size</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n",
    );
    for packed in documents {
        let d = packed.document;
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"hash\">{}</td></tr>",
            escape(d.category.label()),
            d.document_date
                .map(|day| day.to_string())
                .unwrap_or_else(|| "not known".into()),
            escape(&url_path(packed.path)),
            escape(&d.original_name),
            d.size,
            d.sha256.as_str(),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
    let _ = write!(
        page,
        "<section>\n<h2>Checking this packet</h2>\n<p>Every file is listed with its SHA-256 and \
         SHA-512 in <code>manifest-sha256.txt</code> and <code>manifest-sha512.txt</code> (a BagIt \
         1.0 bag). To check it without any special program, run <code>sha256sum -c \
         manifest-sha256.txt</code> in this folder, or validate the folder with a BagIt tool such as \
         <code>bagit.py --validate</code>. Machine-readable details are in \
         <code>data/summary.json</code> and, as FHIR R4, <code>data/fhir/bundle.json</code>.</p>\n\
         <p class=\"made-by\">Prepared with {}.</p>\n</section>\n</body>\n</html>\n",
        escape(software)
    );
    page
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;\
line-height:1.5;color:#1b1f1f}h1{font-size:1.8rem}dl{display:grid;grid-template-columns:max-content 1fr;\
gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}table{border-collapse:collapse;width:100%}\
th,td{border-bottom:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}\
.hash{font-family:monospace;font-size:.8rem;word-break:break-all}a{color:#0e6b6e}\
@media print{a{color:inherit}}";

fn row(page: &mut String, label: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        let _ = writeln!(page, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
    }
}

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
}
