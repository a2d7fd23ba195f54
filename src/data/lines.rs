//! Line-by-line reading that survives bad bytes: each line comes back with
//! its 1-based number, and a line that is not UTF-8 is an error for that
//! line only, so huge files never need to fit in memory.
use super::{DataError, Result};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

pub(super) struct Lines {
    path: PathBuf,
    reader: BufReader<File>,
    buffer: Vec<u8>,
    number: usize,
}

/// One line: its number and its text, or why the text is unreadable.
pub(super) struct Line {
    pub number: usize,
    pub text: std::result::Result<String, String>,
}

impl Lines {
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).map_err(|error| DataError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Ok(Lines {
            path: path.to_path_buf(),
            reader: BufReader::new(file),
            buffer: Vec::new(),
            number: 0,
        })
    }

    /// The next non-blank line, `None` at the end of the file.
    pub fn next_line(&mut self) -> Result<Option<Line>> {
        loop {
            self.buffer.clear();
            let read = self
                .reader
                .read_until(b'\n', &mut self.buffer)
                .map_err(|error| DataError::Io {
                    path: self.path.clone(),
                    error,
                })?;
            if read == 0 {
                return Ok(None);
            }
            self.number += 1;
            while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
                self.buffer.pop();
            }
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = match std::str::from_utf8(&self.buffer) {
                Ok(text) => Ok(text.to_string()),
                Err(err) => Err(format!(
                    "not valid UTF-8 (bad byte at column {})",
                    err.valid_up_to() + 1
                )),
            };
            return Ok(Some(Line {
                number: self.number,
                text,
            }));
        }
    }
}
