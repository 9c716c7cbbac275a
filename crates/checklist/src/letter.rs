//! The request letter: a short, printable letter asking a hospital or laboratory for a missing
//! record. The wording is data (`assets/request-letter.txt`); this fills in its `{fields}`.

use chrono::NaiveDate;

use crate::Item;

const TEMPLATE: &str = include_str!("../../../assets/request-letter.txt");

/// The letter asking for `item` on behalf of the patient, dated `today`. Unknown details are
/// left as lines to fill in by hand.
pub fn request_letter(
    item: &Item,
    patient_name: &str,
    date_of_birth: Option<NaiveDate>,
    today: NaiveDate,
) -> String {
    let blank = "____________________";
    let born = date_of_birth
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|| blank.to_owned());
    TEMPLATE
        .replace("{today}", &today.format("%-d %B %Y").to_string())
        .replace("{patient_name}", patient_name)
        .replace("{date_of_birth}", &born)
        .replace("{item_title}", &item.title)
        .replace("{item_what}", &item.what)
        .replace("{item_request}", &item.request)
}
