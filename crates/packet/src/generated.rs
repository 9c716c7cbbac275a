//! Writing the files Carryall makes (JSON, HTML, text, manifests) straight into their ZIP
//! entry, hashed and counted on the way, so no file of the packet is ever held whole in
//! memory, however many documents the case has. A JSON file's long array (a summary's
//! documents, a FHIR bundle's entries) is produced one item at a time ([`write_json`]).

use std::cell::RefCell;
use std::fmt;
use std::io::{self, BufWriter, Write};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::digest::{Digests, Hashers};

/// Bytes gathered before they go on to the ZIP entry and the hashers. Deflate's output
/// depends on the pieces its input comes in, so this is part of the packet's bytes: a file
/// smaller than this goes to the entry in one piece, as every generated file did before they
/// were streamed, and its compressed bytes are as they were.
const BUFFER: usize = 1024 * 1024;

/// A writer into one ZIP entry that hashes and counts what it passes on.
struct Hashing<W> {
    inner: W,
    hashers: Hashers,
    size: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hashers.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes one generated file through `write` into `entry` (an open ZIP entry); returns its
/// size and digests.
pub fn write_generated<W: Write>(
    entry: W,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<(u64, Digests)> {
    let mut out = BufWriter::with_capacity(
        BUFFER,
        Hashing {
            inner: entry,
            hashers: Hashers::default(),
            size: 0,
        },
    );
    write(&mut out)?;
    let hashing = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    Ok((hashing.size, hashing.hashers.finish()))
}

/// `fmt::Write` over an `io::Write`, for pages written with `write!`: the first I/O error is
/// kept for [`TextOut::finish`], and everything after it is dropped.
pub struct TextOut<'w> {
    out: &'w mut dyn Write,
    error: Option<io::Error>,
}

impl<'w> TextOut<'w> {
    /// Text into `out`.
    pub fn new(out: &'w mut dyn Write) -> TextOut<'w> {
        TextOut { out, error: None }
    }

    /// Writes a piece of text.
    pub fn push_str(&mut self, text: &str) {
        let _ = fmt::Write::write_str(self, text);
    }

    /// The first error met, if any.
    pub fn finish(self) -> io::Result<()> {
        self.error.map_or(Ok(()), Err)
    }
}

impl fmt::Write for TextOut<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        if self.error.is_some() {
            return Err(fmt::Error);
        }
        self.out.write_all(text.as_bytes()).map_err(|error| {
            self.error = Some(error);
            fmt::Error
        })
    }
}

/// Writes `object` as pretty-printed JSON and a line break, with the member `long` (which
/// `object` holds as a placeholder, in its place) an array of `items`, serialised one at a
/// time. The bytes are those of the whole object built first and then printed. (A value
/// that is not an object is written as it is.)
pub fn write_json(
    out: &mut dyn Write,
    object: &Value,
    long: &str,
    items: impl Iterator<Item = Value>,
) -> io::Result<()> {
    let streamed = Streamed {
        object,
        long,
        items: RefCell::new(Some(items)),
    };
    serde_json::to_writer_pretty(&mut *out, &streamed)?;
    out.write_all(b"\n")
}

/// An object with one member's array produced while it is written.
struct Streamed<'a, I> {
    object: &'a Value,
    long: &'a str,
    items: RefCell<Option<I>>,
}

impl<I: Iterator<Item = Value>> Serialize for Streamed<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Value::Object(object) = self.object else {
            return self.object.serialize(serializer);
        };
        // The members in the map's own order, which is how a `Value` prints them.
        let mut map = serializer.serialize_map(Some(object.len()))?;
        for (key, value) in object {
            if key == self.long {
                map.serialize_entry(key, &Items(&self.items))?;
            } else {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

/// The array's items, taken the one time they are serialised.
struct Items<'r, I>(&'r RefCell<Option<I>>);

impl<I: Iterator<Item = Value>> Serialize for Items<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.borrow_mut().take().into_iter().flatten())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn streamed(object: &Value, long: &str, items: Vec<Value>) -> Vec<u8> {
        let mut out = Vec::new();
        write_json(&mut out, object, long, items.into_iter()).unwrap();
        out
    }

    #[test]
    fn a_streamed_object_prints_as_the_whole_value_would() {
        let items = vec![
            json!({"b": 1, "a": [1, {"x": null}]}),
            json!("two"),
            json!([]),
        ];
        for long in ["documents", "a", "zz"] {
            let mut whole = json!({"z": 1, "format": "x", "nested": {"k": [], "j": {}}});
            whole[long] = Value::Array(items.clone());
            let mut placeholder = whole.clone();
            placeholder[long] = Value::Null;
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            assert_eq!(
                streamed(&placeholder, long, items.clone()),
                expected,
                "{long}"
            );
        }
    }

    #[test]
    fn an_empty_array_prints_as_an_empty_value_would() {
        let whole = json!({"entry": [], "id": "p"});
        let placeholder = json!({"entry": null, "id": "p"});
        let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
        expected.push(b'\n');
        assert_eq!(streamed(&placeholder, "entry", Vec::new()), expected);
    }

    #[test]
    fn a_generated_file_is_hashed_and_counted_as_written() {
        let mut entry = Vec::new();
        let (size, digests) = write_generated(&mut entry, |out| {
            let mut text = TextOut::new(out);
            text.push_str("hello, ");
            let _ = fmt::Write::write_fmt(&mut text, format_args!("{}", "world"));
            text.finish()
        })
        .unwrap();
        assert_eq!(entry, b"hello, world");
        assert_eq!(size, 12);
        assert_eq!(digests, Hashers::of(b"hello, world"));
    }

    #[test]
    fn a_file_smaller_than_the_buffer_reaches_the_entry_in_one_piece() {
        struct Pieces(Vec<usize>);
        impl Write for Pieces {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.push(buf.len());
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut pieces = Pieces(Vec::new());
        write_generated(&mut pieces, |out| {
            (0..1000).try_for_each(|_| out.write_all(b"one line of text\n"))
        })
        .unwrap();
        assert_eq!(
            pieces.0,
            [17_000],
            "deflated in one piece, as before streaming"
        );
    }

    #[test]
    fn a_write_error_is_kept_for_the_end() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full;
        let mut text = TextOut::new(&mut full);
        text.push_str("a");
        text.push_str("b");
        assert_eq!(text.finish().unwrap_err().to_string(), "disk full");
    }
}
