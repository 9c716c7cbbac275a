//! Small, realistic medical reports as one-page text PDFs (pathology, blood counts, imaging,
//! discharge summaries, medication lists), made up from a seed: every report has its own
//! accession number (a word no other report holds, for searching) and a few thousand bytes,
//! like a scanned-in clinic letter's text layer. All names and numbers are fictional.

use std::fs;
use std::io;
use std::path::Path;

use crate::rng::Rng;

/// The name on every report; the case is made for the same person, so no report is flagged
/// as someone else's.
pub const PATIENT: &str = "Bench Person";
/// A word every report holds (in its diagnosis line), for a search that matches them all.
pub const COMMON_WORD: &str = "carcinoma";

/// What was generated.
pub struct Reports {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// The accession number of report `index`: one word, found in that report only.
pub fn accession(index: usize) -> String {
    format!("SB{index:06}")
}

/// Writes `count` reports into `folder` (created if needed), named `report-NNNNNN.pdf`.
pub fn generate(folder: &Path, count: usize) -> io::Result<Reports> {
    fs::create_dir_all(folder)?;
    let mut rng = Rng(0x5CA1_EDDB_A115);
    let mut made = Reports { files: 0, bytes: 0 };
    for index in 0..count {
        let pdf = one_page_pdf(&report_lines(index, &mut rng));
        fs::write(folder.join(format!("report-{index:06}.pdf")), &pdf)?;
        made.files += 1;
        made.bytes += pdf.len() as u64;
    }
    Ok(made)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const HOSPITALS: [&str; 4] = [
    "Riverside Cancer Centre",
    "St Anne's University Hospital",
    "Lakeview Oncology Institute",
    "Northgate General Hospital",
];

const HISTORY: [&str; 5] = [
    "Clinical history: palpable lump in the left breast, noticed six weeks ago.",
    "Clinical history: abnormal screening mammogram, BI-RADS 4, left upper outer quadrant.",
    "Clinical history: follow-up after two cycles of neoadjuvant chemotherapy.",
    "Clinical history: known breast cancer, staging before surgery.",
    "Clinical history: routine review, no new complaints, mild fatigue.",
];

const FINDINGS: [&str; 8] = [
    "The specimen consists of three cores of grey-white tissue, each 15 mm long.",
    "Sections show infiltrating nests and cords of atypical ductal epithelial cells.",
    "There is moderate nuclear pleomorphism with occasional mitoses.",
    "No lymphovascular invasion is seen in the sections examined.",
    "Ductal carcinoma in situ, solid type, makes up about 10% of the lesion.",
    "The surrounding breast tissue shows fibrocystic change.",
    "Calcifications are present in benign ducts and in the tumour.",
    "Tumour-infiltrating lymphocytes are estimated at 10% of the stroma.",
];

const IMAGING: [&str; 7] = [
    "Irregular spiculated mass in the left breast measuring 24 x 18 mm.",
    "Two enlarged left axillary lymph nodes, the largest 14 mm in short axis.",
    "No suspicious pulmonary nodules. No pleural effusion.",
    "The liver is normal in size with no focal lesion.",
    "No lytic or sclerotic bone lesion is seen in the imaged skeleton.",
    "The adrenal glands, kidneys and spleen are unremarkable.",
    "No free fluid in the abdomen or pelvis.",
];

const BLOOD: [&str; 8] = [
    "Haemoglobin 11.2 g/dL (12.0 - 15.5) LOW",
    "White cell count 3.4 x10^9/L (4.0 - 11.0) LOW",
    "Neutrophils 1.6 x10^9/L (2.0 - 7.5) LOW",
    "Platelets 212 x10^9/L (150 - 400)",
    "Creatinine 72 umol/L (45 - 90)",
    "ALT 31 U/L (7 - 56)",
    "Bilirubin 9 umol/L (3 - 21)",
    "Albumin 38 g/L (35 - 50)",
];

const MEDICINES: [&str; 6] = [
    "Ondansetron 8 mg by mouth twice daily for 3 days after each cycle",
    "Dexamethasone 4 mg by mouth twice daily for 2 days after each cycle",
    "Pegfilgrastim 6 mg under the skin once, the day after each cycle",
    "Paracetamol 1 g by mouth up to four times daily if needed",
    "Omeprazole 20 mg by mouth once daily",
    "Letrozole 2.5 mg by mouth once daily",
];

/// The lines of report `index`: a kind picked at random, its header, body and sign-off.
fn report_lines(index: usize, rng: &mut Rng) -> Vec<String> {
    let hospital = rng.pick(&HOSPITALS);
    let date = format!(
        "{} {} {}",
        1 + rng.below(28),
        MONTHS[rng.below(12) as usize],
        2023 + rng.below(2)
    );
    let (title, body): (&str, Vec<&str>) = match rng.below(5) {
        0 => ("Surgical pathology report", FINDINGS.to_vec()),
        1 => ("Complete blood count and chemistry", BLOOD.to_vec()),
        2 => (
            "CT chest, abdomen and pelvis with contrast",
            IMAGING.to_vec(),
        ),
        3 => ("Discharge summary", [&HISTORY[..], &IMAGING[..3]].concat()),
        _ => ("Medication list", MEDICINES.to_vec()),
    };
    let mut lines = vec![
        hospital.to_owned(),
        title.to_owned(),
        format!(
            "Patient: {PATIENT}    Hospital number: BP-{:06}",
            100_000 + index
        ),
        format!("Date of report: {date}"),
        format!("Accession number: {}", accession(index)),
        rng.pick(&HISTORY).to_owned(),
        String::new(),
    ];
    // Most of each body, in a shuffled order, so no two reports read alike.
    let mut body = body;
    for at in (1..body.len()).rev() {
        body.swap(at, rng.below(at as u64 + 1) as usize);
    }
    let keep = body.len() - rng.below(2) as usize;
    lines.extend(body.into_iter().take(keep).map(str::to_owned));
    lines.extend([
        String::new(),
        format!(
            "Diagnosis: invasive ductal {COMMON_WORD} of the left breast, grade {}.",
            1 + rng.below(3)
        ),
        "ER positive (90%), PR positive (60%), HER2 negative (IHC 1+).".to_owned(),
        String::new(),
        format!(
            "Reported by Dr {} {}, consultant, on {date}.",
            rng.pick(&["A.", "R.", "M.", "S."]),
            rng.pick(&["Okonkwo", "Lindqvist", "Iyer", "Hartmann", "Moreau"])
        ),
        "This report was checked and signed electronically.".to_owned(),
    ]);
    lines
}

/// A one-page PDF (Helvetica, 10 pt) showing `lines` from the top of the page down.
fn one_page_pdf(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT\n/F1 10 Tf\n13 TL\n56 780 Td\n");
    for line in lines {
        content.push('(');
        for c in line.chars() {
            if matches!(c, '(' | ')' | '\\') {
                content.push('\\');
            }
            content.push(c);
        }
        content.push_str(") Tj T*\n");
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut starts = Vec::with_capacity(objects.len());
    for (number, object) in (1..).zip(&objects) {
        starts.push(pdf.len());
        pdf.extend_from_slice(format!("{number} 0 obj\n{object}\nendobj\n").as_bytes());
    }
    let table = pdf.len();
    let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for start in starts {
        xref.push_str(&format!("{start:010} 00000 n \n"));
    }
    xref.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(xref.as_bytes());
    pdf
}
