use super::Decline;
use crate::lang::Source;
use std::fmt;
use tree_sitter::Node;

/// A node a relation rewrites, identified by byte range and node kind (several
/// nested nodes can share one range).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Site {
    pub start: usize,
    pub end: usize,
    pub kind: String,
}

impl Site {
    pub fn of(node: Node) -> Site {
        Site {
            start: node.start_byte(),
            end: node.end_byte(),
            kind: node.kind().to_string(),
        }
    }

    /// The node this site names in `src`, if the text still has it.
    pub fn find<'a>(&self, src: &'a Source) -> Option<Node<'a>> {
        let mut node = src.root().descendant_for_byte_range(self.start, self.end)?;
        loop {
            if node.start_byte() == self.start
                && node.end_byte() == self.end
                && node.kind() == self.kind
            {
                return Some(node);
            }
            node = node.parent()?;
            if node.start_byte() < self.start || node.end_byte() > self.end {
                return None;
            }
        }
    }
}

impl Site {
    /// [`Site::find`] for a rewrite: a site that is gone declines.
    pub fn node<'a>(&self, src: &'a Source) -> Result<Node<'a>, Decline> {
        self.find(src).ok_or_else(|| Decline::new("site not found"))
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}..{}", self.kind, self.start, self.end)
    }
}
