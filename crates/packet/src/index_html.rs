//! `INDEX.html`: the packet's front page for people. Self-contained: no scripts, no external
//! resources, readable in any browser, printable, and still readable at 200% zoom.
//!
//! In order: the patient and the request, the checklist (what is included, what is missing
//! and why it matters), a timeline of the documents, the key facts read from them, the questions for the specialist
//! (starred first), every document with its hash and links to the file and its text, each
//! scan disc's studies with how to open its folder in a DICOM viewer, and how to check the
//! packet.

use std::fmt::Write;
use std::io;

use carryall_checklist::State;

use crate::contents::Fact;
use crate::generated::TextOut;
use crate::html::{PAGE_END, escape, page_start};
use crate::names::url_path;
use crate::question_list::questions_section;
use crate::summary::{Assembled, PackedDisc, PackedDocument};

/// Writes the page into `out`, section by section. `packet.as_of` is shown as the packet's
/// date (its first ten characters).
pub fn write_index_html(out: &mut dyn io::Write, packet: &Assembled<'_>) -> io::Result<()> {
    let case = packet.case;
    let date = packet.as_of.get(..10).unwrap_or(packet.as_of);
    let mut page = TextOut::new(out);
    page.push_str(&page_start(&format!(
        "Second-opinion records: {}",
        case.patient.name
    )));
    page.push_str("<h1>Records for a second opinion</h1>\n");
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
    row(&mut page, "Packet prepared", Some(date));
    let documents = format!("{}", packet.documents.len());
    row(&mut page, "Documents", Some(&documents));
    page.push_str("</dl>\n</section>\n");
    if let Some(part) = packet.part {
        page.push_str(&part.html());
    }

    checklist_section(&mut page, packet);
    timeline_section(&mut page, packet.documents);
    facts_section(&mut page, packet.documents);
    if !packet.questions.is_empty() {
        page.push_str("<section>\n<h2>Questions for the specialist</h2>\n");
        page.push_str(&questions_section(packet.questions, "h3"));
        let links: Vec<String> = packet
            .question_files
            .iter()
            .map(|path| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&url_path(path)),
                    escape(path)
                )
            })
            .collect();
        if !links.is_empty() {
            let _ = writeln!(
                page,
                "<p>The same list to print on its own: {}.</p>",
                links.join(" or ")
            );
        }
        page.push_str("</section>\n");
    }
    documents_section(&mut page, packet.documents);
    discs_section(&mut page, packet.documents);
    let _ = write!(
        page,
        "<section>\n<h2>Checking this packet</h2>\n<p>Every file is listed with its SHA-256 and \
         SHA-512 in <code>manifest-sha256.txt</code> and <code>manifest-sha512.txt</code> (a BagIt \
         1.0 bag). To check it without any special program, run <code>sha256sum -c \
         manifest-sha256.txt</code> in this folder, or validate the folder with a BagIt tool such as \
         <code>bagit.py --validate</code>. Machine-readable details are in \
         <code>data/summary.json</code> and, as FHIR R4, <code>data/fhir/bundle.json</code>. The \
         text under <code>data/text/</code> was extracted by a program (some of it by OCR) and can \
         hold mistakes; the original files are what count.</p>\n\
         <p class=\"made-by\">Prepared with {}.</p>\n</section>\n{PAGE_END}",
        escape(packet.software)
    );
    page.finish()
}

fn checklist_section(page: &mut TextOut<'_>, packet: &Assembled<'_>) {
    if packet.checklist.is_empty() {
        return;
    }
    let by_id = packet.documents_by_id();
    let readiness = packet.readiness;
    let _ = writeln!(
        page,
        "<section>\n<h2>What is included and what is missing</h2>\n<p>{} of the {} records a \
         reviewer needs most are here or do not apply.</p>",
        readiness.done, readiness.required
    );
    page.push_str(
        "<table>\n<thead><tr><th scope=\"col\">Record</th><th scope=\"col\">Status</th>\
         <th scope=\"col\">Details</th></tr></thead>\n<tbody>\n",
    );
    for (item, state) in packet.checklist {
        let required = if item.required { " (needed)" } else { "" };
        let (status, class, details) = match state {
            State::Have(ids) => {
                let links: Vec<String> = ids
                    .iter()
                    .filter_map(|id| {
                        if let Some(here) = by_id.get(id) {
                            return Some(document_link(here));
                        }
                        let part = packet.part?;
                        let there = part.other_document(id)?;
                        Some(format!(
                            "{} (in the other packet, <code>{}</code>)",
                            escape(&there.original_name),
                            escape(part.other_file)
                        ))
                    })
                    .collect();
                ("Included", "have", links.join(", "))
            }
            State::Requested { from, on } => (
                "Asked for",
                "requested",
                format!(
                    "Asked for from {} on {on}; it will be sent separately.",
                    escape(from)
                ),
            ),
            State::NotApplicable { reason } => ("Does not apply", "not-applicable", escape(reason)),
            State::Missing => (
                "Missing",
                "missing",
                format!(
                    "<span class=\"why\">Why it matters: {}</span>",
                    escape(&item.why)
                ),
            ),
        };
        let _ = writeln!(
            page,
            "<tr><td data-label=\"Record\">{}{required}</td><td data-label=\"Status\" class=\"state {class}\">{status}</td>\
             <td data-label=\"Details\">{details}</td></tr>",
            escape(&item.title)
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn timeline_section(page: &mut TextOut<'_>, documents: &[PackedDocument<'_>]) {
    let mut by_date: Vec<&PackedDocument<'_>> = documents
        .iter()
        .filter(|p| p.document.document_date.is_some())
        .collect();
    if by_date.is_empty() {
        return;
    }
    by_date.sort_by_key(|p| p.document.document_date);
    page.push_str("<section>\n<h2>Timeline</h2>\n<ol class=\"timeline\">\n");
    for packed in by_date {
        let d = packed.document;
        let _ = writeln!(
            page,
            "<li><time>{}</time> {}: {}</li>",
            d.document_date
                .map(|day| day.to_string())
                .unwrap_or_default(),
            escape(d.category.label()),
            document_link(packed),
        );
    }
    page.push_str("</ol>\n</section>\n");
}

fn facts_section(page: &mut TextOut<'_>, documents: &[PackedDocument<'_>]) {
    let with_facts: Vec<(&PackedDocument<'_>, &[Fact])> = documents
        .iter()
        .filter_map(|p| Some((p, p.reading?.facts.as_slice())))
        .filter(|(_, facts)| !facts.is_empty())
        .collect();
    if with_facts.is_empty() {
        return;
    }
    page.push_str(
        "<section>\n<h2>Key facts read from the documents</h2>\n<p>A program found these in the \
         documents' text, with the words each came from. It can be wrong: the documents \
         themselves count.</p>\n",
    );
    for (packed, facts) in with_facts {
        let _ = writeln!(
            page,
            "<h3>{}</h3>\n<table>\n<thead><tr><th scope=\"col\">Fact</th>\
             <th scope=\"col\">Value</th><th scope=\"col\">Page</th>\
             <th scope=\"col\">Words in the document</th></tr></thead>\n<tbody>",
            document_link(packed)
        );
        for fact in facts {
            let _ = writeln!(
                page,
                "<tr><td data-label=\"Fact\">{}</td><td data-label=\"Value\">{}</td>\
                 <td data-label=\"Page\">{}</td><td data-label=\"Words\" class=\"why\">{}</td></tr>",
                escape(&fact.name.replace('_', " ")),
                escape(&fact.value),
                fact.page.map(|n| n.to_string()).unwrap_or_default(),
                escape(&fact.snippet),
            );
        }
        page.push_str("</tbody>\n</table>\n");
    }
    page.push_str("</section>\n");
}

fn documents_section(page: &mut TextOut<'_>, documents: &[PackedDocument<'_>]) {
    let _ = writeln!(page, "<section>\n<h2>Documents ({})</h2>", documents.len());
    page.push_str(
        "<table>\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Date</th>\
         <th scope=\"col\">Document</th><th scope=\"col\">Pages</th><th scope=\"col\">Size</th>\
         <th scope=\"col\">Text</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n",
    );
    for packed in documents {
        let d = packed.document;
        let pages = packed
            .reading
            .map(|r| r.pages.len())
            .filter(|n| *n > 0)
            .map(|n| n.to_string())
            .unwrap_or_else(|| "not known".into());
        let text = match (packed.text_path, packed.reading) {
            (Some(path), reading) => {
                let ocr = if reading.is_some_and(|r| r.pages.iter().any(|p| p.from_ocr)) {
                    " (read by OCR)"
                } else {
                    ""
                };
                format!(
                    "<a href=\"{}\">extracted text</a>{ocr}",
                    escape(&url_path(path))
                )
            }
            (None, Some(reading)) => match &reading.text_error {
                Some(error) => format!("none: {}", escape(error)),
                None => "none".to_owned(),
            },
            (None, None) => "not read".to_owned(),
        };
        let _ = writeln!(
            page,
            "<tr><td data-label=\"Kind\">{}</td><td data-label=\"Date\">{}</td>\
             <td data-label=\"Document\">{}</td><td data-label=\"Pages\">{pages}</td>\
             <td data-label=\"Size\">{}</td><td data-label=\"Text\">{text}</td>\
             <td data-label=\"SHA-256\" class=\"hash\">{}</td></tr>",
            escape(d.category.label()),
            d.document_date
                .map(|day| day.to_string())
                .unwrap_or_else(|| "not known".into()),
            document_link(packed),
            human_size(packed.disc.as_ref().map_or(d.size, PackedDisc::bytes)),
            d.sha256.as_str(),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// A scan disc's studies, where its files are, and how to look at them.
fn discs_section(page: &mut TextOut<'_>, documents: &[PackedDocument<'_>]) {
    let discs: Vec<(&PackedDocument<'_>, &PackedDisc<'_>)> = documents
        .iter()
        .filter_map(|p| Some((p, p.disc.as_ref()?)))
        .collect();
    if discs.is_empty() {
        return;
    }
    page.push_str(
        "<section>\n<h2>Scan discs (images)</h2>\n<p>Each scan disc is in its own folder, with its \
         files just as they were on the disc. To look at the images, open the folder (or the \
         <code>DICOMDIR</code> file in it) in a DICOM viewer: a program for medical images, such \
         as Weasis, Horos, RadiAnt or MicroDicom. Most viewers have an \u{201c}Open folder\u{201d} or \
         \u{201c}Open DICOMDIR\u{201d} command. A web browser cannot show these images.</p>\n",
    );
    for (packed, disc) in discs {
        let name = escape(&packed.document.original_name);
        let _ = writeln!(
            page,
            "<h3 id=\"{}\">{name}</h3>\n<p>{} files, {}, in the folder <a href=\"{}/\">{}</a>.",
            disc_anchor(packed),
            disc.disc.files.len(),
            human_size(disc.bytes()),
            escape(&url_path(disc.folder)),
            escape(disc.folder),
        );
        if let Some(index) = disc.index {
            let _ = write!(
                page,
                " Its index: <a href=\"{}\">DICOMDIR</a>.",
                escape(&url_path(index))
            );
        }
        let _ = writeln!(
            page,
            " The list of its files with their SHA-256: <a href=\"{}\">{}</a>.</p>",
            escape(&url_path(packed.path)),
            escape(packed.path)
        );
        if disc.disc.studies.is_empty() {
            page.push_str("<p>Carryall has not read what is on this disc.</p>\n");
            continue;
        }
        page.push_str(
            "<table>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Study</th>\
             <th scope=\"col\">Kind of scan</th><th scope=\"col\">Body part</th>\
             <th scope=\"col\">Series</th><th scope=\"col\">Images</th>\
             <th scope=\"col\">Patient</th></tr></thead>\n<tbody>\n",
        );
        for study in &disc.disc.studies {
            let _ = writeln!(
                page,
                "<tr><td data-label=\"Date\">{}</td><td data-label=\"Study\">{}</td>\
                 <td data-label=\"Kind of scan\">{}</td><td data-label=\"Body part\">{}</td>\
                 <td data-label=\"Series\">{}</td><td data-label=\"Images\">{}</td>\
                 <td data-label=\"Patient\">{}</td></tr>",
                study
                    .date
                    .map(|day| day.to_string())
                    .unwrap_or_else(|| "not known".into()),
                escape(study.description.as_deref().unwrap_or("")),
                escape(&study.modalities.join(", ")),
                escape(&study.body_parts.join(", ")),
                study.series.len(),
                study.images(),
                escape(&study.patient_name),
            );
        }
        page.push_str("</tbody>\n</table>\n");
    }
    page.push_str("</section>\n");
}

/// The id of a disc's part of the page.
fn disc_anchor(packed: &PackedDocument<'_>) -> String {
    format!("disc-{}", packed.document.id.as_str().to_lowercase())
}

/// A link to a document: its file, or for a scan disc its part of this page.
fn document_link(packed: &PackedDocument<'_>) -> String {
    let target = match packed.disc {
        Some(_) => format!("#{}", disc_anchor(packed)),
        None => url_path(packed.path),
    };
    format!(
        "<a href=\"{}\">{}</a>",
        escape(&target),
        escape(&packed.document.original_name)
    )
}

fn row(page: &mut TextOut<'_>, label: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        let _ = writeln!(page, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
    }
}

/// A size for people: bytes below a kilobyte, else one decimal in kB, MB or GB (powers of
/// 1000, as file managers and upload forms mostly show them).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["kB", "MB", "GB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_an_upload_form() {
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(1_500), "1.5 kB");
        assert_eq!(human_size(25_000_000), "25.0 MB");
        assert_eq!(human_size(2_100_000_000), "2.1 GB");
        assert_eq!(human_size(5_000_000_000_000), "5000.0 GB");
    }
}
