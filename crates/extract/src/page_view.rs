//! Lets pdf-extract find a page without walking the whole page tree each time.
//!
//! `pdf_extract::output_doc_page` lists every page of the document to find the one it is asked
//! for, so reading all pages of an n-page document walks the page tree n times (a seventh of
//! the time on a 300-page report). A thread reading pages instead keeps its own copy of the
//! document whose page tree lists only the page being read; nothing else in the copy changes,
//! so the page's inherited resources and everything pdf-extract reads stay the same. Only
//! documents with little stream data are copied; larger ones are read as before.

use pdf_extract::{Document, Object, ObjectId};

/// A document with more stream bytes than this is not copied for each thread.
const MAX_COPIED_STREAM_BYTES: usize = 32 * 1024 * 1024;

/// A thread's own copy of a document, showing one page at a time.
pub struct PageView {
    document: Document,
    /// The root of the page tree, whose kids are rewritten.
    root: ObjectId,
}

impl PageView {
    /// A copy of `document`, or `None` when it is too large to copy or has no page tree root.
    pub fn copy_of(document: &Document) -> Option<PageView> {
        let stream_bytes: usize = document
            .objects
            .values()
            .filter_map(|object| object.as_stream().ok())
            .map(|stream| stream.content.len())
            .sum();
        if stream_bytes > MAX_COPIED_STREAM_BYTES {
            return None;
        }
        let root = document
            .catalog()
            .and_then(|catalog| catalog.get(b"Pages"))
            .and_then(Object::as_reference)
            .ok()?;
        document.get_dictionary(root).ok()?;
        Some(PageView {
            document: document.clone(),
            root,
        })
    }

    /// The copy with `page` as its only page (page number 1).
    pub fn showing(&mut self, page: ObjectId) -> &Document {
        if let Ok(root) = self.document.get_dictionary_mut(self.root) {
            root.set("Kids", Object::Array(vec![Object::Reference(page)]));
            root.set("Count", Object::Integer(1));
        }
        &self.document
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::Dictionary;

    #[test]
    fn the_copy_lists_only_the_page_shown() {
        let mut document = Document::with_version("1.7");
        let root = document.new_object_id();
        let pages: Vec<ObjectId> = (0..3)
            .map(|_| {
                let mut page = Dictionary::new();
                page.set("Type", Object::Name(b"Page".to_vec()));
                page.set("Parent", Object::Reference(root));
                document.add_object(Object::Dictionary(page))
            })
            .collect();
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set(
            "Kids",
            Object::Array(pages.iter().map(|id| Object::Reference(*id)).collect()),
        );
        tree.set("Count", Object::Integer(3));
        document.objects.insert(root, Object::Dictionary(tree));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(root));
        let catalog = document.add_object(Object::Dictionary(catalog));
        document.trailer.set("Root", Object::Reference(catalog));

        let mut view = PageView::copy_of(&document).unwrap();
        let shown = view.showing(pages[2]).get_pages();
        assert_eq!(shown.into_iter().collect::<Vec<_>>(), vec![(1, pages[2])]);
        assert_eq!(document.get_pages().len(), 3, "the original is untouched");
    }
}
