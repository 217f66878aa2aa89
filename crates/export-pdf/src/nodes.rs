//! What the export needs from the deck's nodes, in one walk: image URLs,
//! colours, `style` attributes, link URLs, and the text the PDF shows (to
//! find characters no font has).

use std::collections::{BTreeMap, BTreeSet};

use decktype_model::{Block, Inline, Span};

/// What the export needs from the slides' nodes.
#[derive(Default)]
pub(crate) struct Nodes {
    /// Image URLs as written, in order, with where.
    pub(crate) images: Vec<(String, Span)>,
    /// Each image's `=WxH` width and height as written (same order as
    /// `images`): the size it is shown at, for preparing it.
    pub(crate) image_sizes: Vec<(Option<String>, Option<String>)>,
    /// `<font color>` values as written.
    pub(crate) colors: BTreeSet<String>,
    /// `style` attributes as written.
    pub(crate) styles: BTreeSet<String>,
    /// Link URLs as written.
    pub(crate) links: BTreeSet<String>,
    /// Text the PDF shows, with where it is written.
    pub(crate) text: Vec<(String, Span)>,
}

impl Nodes {
    fn attributes(&mut self, attributes: &BTreeMap<String, String>) {
        if let Some(s) = attributes.get("style") {
            self.styles.insert(s.clone());
        }
    }

    pub(crate) fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        if let Some(attributes) = block.attributes() {
            self.attributes(attributes);
        }
        match block {
            Block::Heading { inlines, .. } | Block::Paragraph { inlines, .. } => {
                self.inlines(inlines);
            }
            Block::Image(image) => self.image(image),
            Block::List { items, .. } => {
                for item in items {
                    self.attributes(&item.attributes);
                    self.blocks(&item.blocks);
                }
            }
            Block::CodeBlock { code, span, .. } => self.text.push((code.clone(), *span)),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    self.attributes(&cell.attributes);
                    self.inlines(&cell.inlines);
                }
            }
            Block::Quote { blocks, .. } => self.blocks(blocks),
            Block::Element { blocks, color, .. } => {
                if let Some(c) = color {
                    self.colors.insert(c.clone());
                }
                self.blocks(blocks);
            }
            Block::Html { inlines, .. } => self.inlines(inlines),
            Block::DefinitionList { items, .. } => {
                for item in items {
                    self.attributes(&item.attributes);
                    self.inlines(&item.term);
                    for d in &item.definitions {
                        self.blocks(d);
                    }
                }
            }
            Block::FootnoteDefinition {
                label,
                blocks,
                span,
                ..
            } => {
                self.text.push((label.clone(), *span));
                self.blocks(blocks);
            }
            Block::Rule { .. } => {}
            _ => {}
        }
    }

    fn image(&mut self, image: &decktype_model::Image) {
        self.images.push((image.url.clone(), image.span));
        self.image_sizes
            .push((image.width.clone(), image.height.clone()));
        self.attributes(&image.attributes);
        self.text.push((image.alt.clone(), image.span));
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { text, span } => self.text.push((text.clone(), *span)),
                Inline::Code { code, span, .. } => self.text.push((code.clone(), *span)),
                Inline::Emoji { emoji, span, .. } => self.text.push((emoji.clone(), *span)),
                Inline::FootnoteReference { label, span } => {
                    self.text.push((label.clone(), *span));
                }
                Inline::Image(image) => self.image(image),
                Inline::Link { url, .. } => {
                    self.links.insert(url.clone());
                }
                Inline::Html {
                    attributes, color, ..
                } => {
                    self.attributes(attributes);
                    if let Some(c) = color {
                        self.colors.insert(c.clone());
                    }
                }
                _ => {}
            }
            self.inlines(inline.children());
        }
    }
}
