//! Reads `assets/checklist.json`, the checklist's items and wording, built into the binary.

use carryall_domain::Category;
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::{Item, ItemTextKeys, consistency};

const CHECKLIST_JSON: &str = include_str!("../../../assets/checklist.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    items: Vec<ItemData>,
    consistency: consistency::Settings,
}

/// One item as the data file describes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemData {
    pub id: String,
    /// The stem of its words' keys in the UI's message catalogues, e.g.
    /// `checklist.item.pathology` (see [`ItemData::text_keys`]).
    pub key: String,
    title: String,
    required: bool,
    categories: Vec<String>,
    what: String,
    #[serde(rename = "where")]
    where_to_get: String,
    why: String,
    /// What exactly to ask for, in a request letter.
    request: String,
    #[serde(default)]
    variants: BTreeMap<String, Variant>,
}

/// What changes for one cancer type.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Variant {
    title: Option<String>,
    required: Option<bool>,
    why: Option<String>,
}

/// Parses the built-in data; its tests prove it parses, so a failure here is a build defect.
fn file() -> File {
    let file: File =
        serde_json::from_str(CHECKLIST_JSON).expect("assets/checklist.json is valid (tested)");
    assert_eq!(
        file.version, 1,
        "assets/checklist.json has an unknown version"
    );
    file
}

/// The items.
pub fn load() -> Vec<ItemData> {
    file().items
}

/// The consistency rules' limits and wording.
pub fn load_consistency() -> consistency::Settings {
    file().consistency
}

impl ItemData {
    /// The item as it reads for a cancer type (by slug).
    pub fn resolve(&self, cancer: Option<&str>) -> Item {
        let variant = cancer.and_then(|c| self.variants.get(c));
        let pick = |general: &String, special: Option<&Option<String>>| {
            special
                .and_then(|s| s.clone())
                .unwrap_or_else(|| general.clone())
        };
        Item {
            id: self.id.clone(),
            title: pick(&self.title, variant.map(|v| &v.title)),
            required: variant.and_then(|v| v.required).unwrap_or(self.required),
            categories: self
                .categories
                .iter()
                .filter_map(|c| Category::from_slug(c))
                .collect(),
            what: self.what.clone(),
            where_to_get: self.where_to_get.clone(),
            why: pick(&self.why, variant.map(|v| &v.why)),
            request: self.request.clone(),
        }
    }

    /// The catalogue keys of the item's words as they read for a cancer type (by slug):
    /// `KEY.title`, `KEY.what`, `KEY.where`, `KEY.why`, or `KEY.VARIANT.title` and
    /// `KEY.VARIANT.why` where the variant rewords them.
    pub fn text_keys(&self, cancer: Option<&str>) -> ItemTextKeys {
        let variant = cancer.and_then(|c| self.variants.get(c).map(|v| (c, v)));
        let key = |field: &str, reworded: bool| match variant {
            Some((slug, _)) if reworded => format!("{}.{slug}.{field}", self.key),
            _ => format!("{}.{field}", self.key),
        };
        ItemTextKeys {
            title: key("title", variant.is_some_and(|(_, v)| v.title.is_some())),
            what: key("what", false),
            where_to_get: key("where", false),
            why: key("why", variant.is_some_and(|(_, v)| v.why.is_some())),
        }
    }

    /// Category names that are not categories (for the data tests).
    #[cfg(test)]
    pub fn unknown_categories(&self) -> Vec<&str> {
        self.categories
            .iter()
            .map(String::as_str)
            .filter(|c| Category::from_slug(c).is_none())
            .collect()
    }

    /// Variant names (for the data tests).
    #[cfg(test)]
    pub fn variant_names(&self) -> impl Iterator<Item = &str> {
        self.variants.keys().map(String::as_str)
    }
}
