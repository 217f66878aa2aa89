#!/usr/bin/env node
// The HedgeDoc oracle (test-only; see crates/export-html/tests/oracle.rs).
//
// Renders a HedgeDoc 1.x slide deck the way HedgeDoc does it in the browser,
// and normalises both that rendering and decktype's HTML export into the same
// per-slide structure, with the same code, so that a test can compare them.
//
//   node render.mjs hedgedoc DECK.md    HedgeDoc's slides, normalised
//   node render.mjs decktype EXPORT.html decktype's slides, normalised
//   node render.mjs raw DECK.md         HedgeDoc's slide HTML, not normalised
//   node render.mjs batch               stdin: [{"deck": .., "html": ..}, ..]
//                                       stdout: [{"hedgedoc": .., "decktype": ..}, ..]
//
// What "the way HedgeDoc does it" means here (HedgeDoc 1.x, public/js/slide.js,
// public/js/reveal-markdown.js, public/js/extra.js, public/js/render.js):
//
// 1. Front matter as meta-marked reads it: only when the text starts with
//    `---`, ending at the first `\n---` or `\n...`; the slides are what follows.
// 2. reveal.js 3.9's markdown plugin `slidify` with HedgeDoc's options
//    (separator `^(\r\n?|\n)---(\r\n?|\n)$`, vertical `^(\r\n?|\n)----(\r\n?|\n)$`),
//    `createMarkdownSlide` (notes: split on /^note:/mgi, used only when that
//    gives exactly two parts; the notes are rendered and appended as
//    `<aside class="notes">`) and `getMarkdownFromSlide` (leading whitespace).
// 3. markdown-it with HedgeDoc's options {html, breaks, linkify, typographer,
//    langPrefix: ''} and HedgeDoc's plugins (see createMarkdown below).
// 4. HedgeDoc's XSS filter (js-xss with HedgeDoc's whitelist and options).
// 5. reveal.js 3.9's `addAttributes` / `addAttributeInElement`, ported
//    verbatim, on a DOM (jsdom): `<!-- .element: -->` and `<!-- .slide: -->`.
//
// Not emulated (none of the decks the test uses depends on them): MathJax
// (`$..$`), HedgeDoc's `{%youtube%}`-style regex plugins and `[TOC]`,
// syntax highlighting (only changes markup inside <code>), HedgeDoc's
// postProcess (target="_blank" on links; attributes the test does not
// compare), and the lazy emoji image loading.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const MarkdownIt = require('markdown-it')
const { JSDOM } = require('jsdom')
const filterXSS = require('xss')
const yamlParser = require('js-yaml')

// ---------------------------------------------------------------- markdown-it

/** markdown-it as HedgeDoc 1.x's public/js/extra.js sets it up. */
export function createMarkdown () {
  const md = new MarkdownIt('default', {
    html: true,
    breaks: true,
    langPrefix: '',
    linkify: true,
    typographer: true
  })
  md.use(require('markdown-it-abbr'))
  md.use(require('markdown-it-footnote'))
  md.use(require('markdown-it-deflist'))
  md.use(require('markdown-it-mark'))
  md.use(require('markdown-it-ins'))
  md.use(require('markdown-it-sub'))
  md.use(require('markdown-it-sup'))
  md.use(require('markdown-it-imsize'))
  // HedgeDoc turns :shortcodes: into emoji images; text emoticons such as
  // `:)` are not converted (no shortcuts).
  md.use(require('markdown-it-emoji'), { shortcuts: {} })
  md.renderer.rules.emoji = (tokens, idx) => {
    const t = tokens[idx]
    // HedgeDoc: <img class="emoji" alt=":name:" src=".../name.png">. The
    // character is kept in data-emoji so that the comparison can read it.
    return `<img class="emoji" alt=":${t.markup}:" src="build/emojify.js/dist/images/basic/${t.markup}.png" data-emoji="${t.content}">`
  }
  // HedgeDoc's alert boxes (::: success / info / warning / danger) and spoiler.
  const container = require('markdown-it-container')
  const renderContainer = (tokens, idx, options, env, self) => {
    tokens[idx].attrJoin('role', 'alert')
    tokens[idx].attrJoin('class', 'alert')
    tokens[idx].attrJoin('class', `alert-${tokens[idx].info.trim()}`)
    return self.renderToken(tokens, idx, options, env, self)
  }
  for (const kind of ['success', 'info', 'warning', 'danger']) {
    md.use(container, kind, { render: renderContainer })
  }
  md.use(container, 'spoiler', {
    validate: (params) => params.trim().match(/^spoiler(\s+.*)?$/),
    render: (tokens, idx) => {
      const m = tokens[idx].info.trim().match(/^spoiler(\s+.*)?$/)
      if (tokens[idx].nesting === 1) {
        const summary = m && m[1] && m[1].trim() ? md.renderInline(m[1].trim()) : 'spoiler'
        return `<details><summary>${summary}</summary>\n`
      }
      return '</details>\n'
    }
  })
  return md
}

// -------------------------------------------------------------------- js-xss

/** HedgeDoc 1.x's preventXSS (public/js/render.js). */
export function createXss () {
  const whiteList = filterXSS.getDefaultWhiteList()
  whiteList.ol = ['start']
  whiteList.li = ['value']
  whiteList.style = []
  whiteList.kbd = []
  whiteList.iframe = ['allowfullscreen', 'name', 'referrerpolicy', 'src', 'width', 'height']
  whiteList.summary = []
  whiteList.ruby = []
  whiteList.rp = []
  whiteList.rt = []
  whiteList.figure = []
  whiteList.figcaption = []
  const whiteListAttr = ['id', 'class', 'style']
  const linkRegex = /^(?!javascript:).*$/i
  const dataUriRegex = /^\s*data:([a-z]+\/[a-z0-9-+.]+(;[a-z-]+=[a-z0-9-]+)?)?(;base64)?,([a-z0-9!$&',()*+;=\-._~:@/?%\s]*)\s*$/i
  const escapeComment = (html) =>
    html.replace(/<(?!!--)/g, '&lt;').replace(/-->/g, '__HTML_COMMENT_END__').replace(/>/g, '&gt;').replace(/__HTML_COMMENT_END__/g, '-->')
  const options = {
    allowCommentTag: true,
    whiteList,
    escapeHtml: escapeComment,
    onIgnoreTag (tag, html) {
      if (tag === '!--') return escapeComment(html)
    },
    onTagAttr (tag, name, value, isWhiteAttr) {
      if (isWhiteAttr && (name === 'href' || name === 'src') && linkRegex.test(value)) {
        return name + '="' + filterXSS.escapeAttrValue(value) + '"'
      }
      if (isWhiteAttr && tag === 'img' && name === 'src' && dataUriRegex.test(value)) {
        return name + '="' + filterXSS.escapeAttrValue(value) + '"'
      }
    },
    onIgnoreTagAttr (tag, name, value) {
      if (name.substr(0, 5) === 'data-' || whiteListAttr.indexOf(name) !== -1) {
        return name + '="' + filterXSS.escapeAttrValue(value) + '"'
      }
    }
  }
  return (html) => filterXSS(html, options)
}

// ------------------------------------------------------------ front matter

/**
 * meta-marked's split as HedgeDoc's extractMeta uses it: [yaml or null,
 * markdown]. YAML that js-yaml (3.x, safeLoad) refuses makes HedgeDoc fall
 * back to the whole text as the markdown.
 */
export function splitFrontMatter (text) {
  if (text.slice(0, 3) !== '---') return [null, text]
  const matcher = /\n(\.{3}|-{3})/g
  const end = matcher.exec(text)
  if (!end) return [null, text]
  const yaml = text.slice(3, end.index)
  try {
    yamlParser.safeLoad(yaml)
  } catch (e) {
    return [null, text]
  }
  return [yaml, text.slice(matcher.lastIndex)]
}

// ------------------------------------------------ reveal.js markdown plugin

const SEPARATOR = '^(\r\n?|\n)---(\r\n?|\n)$'
const VERTICAL_SEPARATOR = '^(\r\n?|\n)----(\r\n?|\n)$'
const NOTES_SEPARATOR = '^note:'
const ELEMENT_ATTRIBUTES_SEPARATOR = '\\.element\\s*?(.+?)$'
const SLIDE_ATTRIBUTES_SEPARATOR = '\\.slide:\\s*?(\\S.+?)$'

/** reveal.js 3.9 `slidify`: [[markdown of slide (h, 0), (h, 1) ...], ...]. */
export function slidify (markdown) {
  const separatorRegex = new RegExp(SEPARATOR + '|' + VERTICAL_SEPARATOR, 'mg')
  const horizontalSeparatorRegex = new RegExp(SEPARATOR)
  let matches
  let lastIndex = 0
  let isHorizontal
  let wasHorizontal = true
  let content
  const sectionStack = []
  while ((matches = separatorRegex.exec(markdown)) !== null) {
    isHorizontal = horizontalSeparatorRegex.test(matches[0])
    if (!isHorizontal && wasHorizontal) sectionStack.push([])
    content = markdown.substring(lastIndex, matches.index)
    if (isHorizontal && wasHorizontal) {
      sectionStack.push(content)
    } else {
      sectionStack[sectionStack.length - 1].push(content)
    }
    lastIndex = separatorRegex.lastIndex
    wasHorizontal = isHorizontal
  }
  ;(wasHorizontal ? sectionStack : sectionStack[sectionStack.length - 1]).push(markdown.substring(lastIndex))
  return sectionStack.map((s) => (Array.isArray(s) ? s : [s]))
}

/** reveal.js 3.9 `createMarkdownSlide` then `getMarkdownFromSlide`. */
function slideMarkdown (content, md) {
  const notesMatch = content.split(new RegExp(NOTES_SEPARATOR, 'mgi'))
  if (notesMatch.length === 2) {
    content = notesMatch[0] + '<aside class="notes">' + md.render(notesMatch[1].trim()) + '</aside>'
  }
  // The text goes through a <script type="text/template"> and back
  // (`</script>` is escaped and restored on the way: a no-op here).
  let text = content
  const leadingWs = text.match(/^\n?(\s*)/)[1].length
  const leadingTabs = text.match(/^\n?(\t*)/)[1].length
  if (leadingTabs > 0) {
    text = text.replace(new RegExp('\\n?\\t{' + leadingTabs + '}', 'g'), '\n')
  } else if (leadingWs > 1) {
    text = text.replace(new RegExp('\\n? {' + leadingWs + '}', 'g'), '\n')
  }
  return text
}

/** reveal.js 3.9 `addAttributeInElement`, verbatim. */
function addAttributeInElement (node, elementTarget, separator) {
  const mardownClassesInElementsRegex = new RegExp(separator, 'mg')
  const mardownClassRegex = new RegExp('([^"= ]+?)="([^"]+?)"|(data-[^"= ]+?)(?=[" ])', 'mg')
  let nodeValue = node.nodeValue
  let matches
  let matchesClass
  if ((matches = mardownClassesInElementsRegex.exec(nodeValue))) {
    const classes = matches[1]
    nodeValue = nodeValue.substring(0, matches.index) + nodeValue.substring(mardownClassesInElementsRegex.lastIndex)
    node.nodeValue = nodeValue
    while ((matchesClass = mardownClassRegex.exec(classes))) {
      try {
        if (matchesClass[2]) {
          elementTarget.setAttribute(matchesClass[1], matchesClass[2])
        } else {
          elementTarget.setAttribute(matchesClass[3], '')
        }
      } catch (e) {
        // A name the DOM refuses (the browser throws too, and reveal.js
        // stops applying this comment's attributes).
        break
      }
    }
    return true
  }
  return false
}

/** reveal.js 3.9 `addAttributes`, verbatim (including its quirks). */
function addAttributes (section, element, previousElement, separatorElementAttributes, separatorSectionAttributes, Node) {
  if (element != null && element.childNodes !== undefined && element.childNodes.length > 0) {
    let previousParentElement = element
    for (let i = 0; i < element.childNodes.length; i++) {
      const childElement = element.childNodes[i]
      if (i > 0) {
        let j = i - 1
        while (j >= 0) {
          const aPreviousChildElement = element.childNodes[j]
          if (typeof aPreviousChildElement.setAttribute === 'function' && aPreviousChildElement.tagName !== 'BR') {
            previousParentElement = aPreviousChildElement
            break
          }
          j = j - 1
        }
      }
      let parentSection = section
      // Never true in an HTML document (nodeName is upper case): kept as is.
      if (childElement.nodeName === 'section') {
        parentSection = childElement
        previousParentElement = childElement
      }
      if (typeof childElement.setAttribute === 'function' || childElement.nodeType === Node.COMMENT_NODE) {
        addAttributes(parentSection, childElement, previousParentElement, separatorElementAttributes, separatorSectionAttributes, Node)
      }
    }
  }
  if (element.nodeType === Node.COMMENT_NODE) {
    if (addAttributeInElement(element, previousElement, separatorElementAttributes) === false) {
      addAttributeInElement(element, section, separatorSectionAttributes)
    }
  }
}

/**
 * HedgeDoc's task lists (finishView in public/js/extra.js): a list item
 * (or its first paragraph) starting with `[ ]` or `[x]` gets a checkbox.
 */
function taskLists (section) {
  for (const li of section.querySelectorAll('li')) {
    const first = li.firstElementChild && li.firstElementChild.tagName === 'P' && li.firstChild === li.firstElementChild ? li.firstElementChild : li
    const html = first.innerHTML
    const m = html.match(/^\s*\[([ xX])\]\s*/)
    if (!m) continue
    const checked = m[1] !== ' ' ? ' checked' : ''
    first.innerHTML = `<input type="checkbox" class="task-list-item-checkbox" disabled${checked}>` + html.slice(m[0].length)
    li.setAttribute('class', ((li.getAttribute('class') || '') + ' task-list-item').trim())
  }
}

/**
 * HedgeDoc's rendering of a deck: a DOM document whose `.slides` holds the
 * sections as reveal.js leaves them, and the list of slide sections with
 * their (h, v).
 */
export function renderHedgeDoc (text) {
  const md = createMarkdown()
  const xss = createXss()
  const [yaml, markdown] = splitFrontMatter(text)
  // HedgeDoc honours `breaks:` in the front matter (default: true).
  const meta = yaml === null ? null : yamlParser.safeLoad(yaml)
  if (meta && typeof meta === 'object' && typeof meta.breaks === 'boolean') md.options.breaks = meta.breaks
  const columns = slidify(markdown)
  const dom = new JSDOM('<!DOCTYPE html><div class="reveal"><div class="slides"></div></div>')
  const { document, Node } = dom.window
  const slidesEl = document.querySelector('.slides')
  const slides = []
  columns.forEach((column, h) => {
    let parent = slidesEl
    if (column.length > 1) {
      parent = document.createElement('section')
      slidesEl.appendChild(parent)
    }
    column.forEach((content, v) => {
      const section = document.createElement('section')
      section.setAttribute('data-markdown', '')
      parent.appendChild(section)
      const rendered = xss(md.render(slideMarkdown(content, md)))
      section.innerHTML = rendered
      addAttributes(section, section, null, ELEMENT_ATTRIBUTES_SEPARATOR, SLIDE_ATTRIBUTES_SEPARATOR, Node)
      taskLists(section)
      slides.push({ h, v, section })
    })
  })
  return { document, Node, slides }
}

// ------------------------------------------------------------ normalising
//
// Both sides become the same thing: per slide, its attributes (from
// `.slide` comments), the content as lines (one element or one text per
// line, indented by depth) and the notes as lines. Each rule below says which
// side it is for and why.

// reveal.js's and decktype's own slide attributes (decktype: position, section).
const OWN_SLIDE_DATA = new Set(['data-markdown', 'data-markdown-parsed', 'data-h', 'data-v', 'data-index', 'data-kind', 'data-user-id', 'data-section'])

/** `a: b; c: d` with canonical spacing, property names in lower case. */
function normStyle (style) {
  return style
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d.includes(':'))
    .map((d) => {
      const i = d.indexOf(':')
      return d.slice(0, i).trim().toLowerCase() + ': ' + d.slice(i + 1).trim().replace(/\s+/g, ' ')
    })
    .join('; ')
}

/**
 * Typographer folding, applied to the text of both sides: HedgeDoc's
 * markdown-it has `typographer: true` (curly quotes, dashes, ellipsis,
 * (c) (r) (tm) (p) +-), decktype's export keeps the source text. Folding both
 * sides the same way compares the words, not the typography.
 */
function foldTypography (s) {
  return s
    .replace(/[\u2018\u2019\u201a\u2039\u203a]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/\u2014/g, '---')
    .replace(/\u2013/g, '--')
    .replace(/\u2026/g, '...')
    .replace(/\(c\)/gi, '\u00a9')
    .replace(/\(r\)/gi, '\u00ae')
    .replace(/\(tm\)/gi, '\u2122')
    .replace(/\(p\)/gi, '\u00a7')
    .replace(/\+-/g, '\u00b1')
}

const KEPT_ATTRIBUTES = {
  a: ['href'],
  img: ['alt'],
  ol: ['start'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
  input: ['type', 'checked'],
  details: ['open'],
  abbr: ['title'],
  font: ['color', 'size', 'face']
}

function isDtClass (c) {
  return c === 'dt' || c.startsWith('dt-')
}

/** The normalised tree of an element's children: [{tag, attrs, children} | {text}]. */
function tree (el, Node, side) {
  const out = []
  for (const child of el.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      out.push({ text: child.nodeValue })
      continue
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue // comments
    const tag = child.tagName.toLowerCase()
    const classes = (child.getAttribute('class') || '').split(/\s+/).filter(Boolean)
    // Both: <style> blocks. decktype moves the deck's CSS into the page's
    // head, filtered and scoped to the slides; HedgeDoc leaves it in place.
    if (tag === 'style' || tag === 'script') continue
    // Both: a link without a target (HedgeDoc's filter removed a javascript:
    // href; decktype keeps refused links' text without the link) is text.
    if (tag === 'a' && !child.hasAttribute('href')) {
      out.push(...tree(child, Node, side))
      continue
    }
    // Both: the notes are compared on their own.
    if (tag === 'aside' && classes.includes('notes')) continue
    // decktype: its slide chrome (background layer, section titles ...).
    if (classes.includes('dt-bg') || classes.includes('dt-section-title')) continue
    // HedgeDoc: an emoji is <img class="emoji">; decktype:
    // <span class="dt-emoji">: both become the emoji's text.
    if (tag === 'img' && classes.includes('emoji') && child.hasAttribute('data-emoji')) {
      out.push({ text: child.getAttribute('data-emoji') })
      continue
    }
    if (tag === 'span' && classes.includes('dt-emoji')) {
      out.push({ text: child.textContent })
      continue
    }
    // decktype: an image it could not embed (remote, offline) is a
    // placeholder span; HedgeDoc shows the <img>.
    if (classes.includes('dt-missing-image')) {
      const attrs = []
      const label = child.getAttribute('aria-label') || ''
      if (label) attrs.push(['alt', label])
      const style = normStyle(child.getAttribute('style') || '')
      if (style) attrs.push(['style', style])
      out.push({ tag: 'img', attrs, children: [] })
      continue
    }
    // Task lists. HedgeDoc draws a disabled checkbox <input>; decktype,
    // whose HTML has no form elements, the character ☑ or ☐.
    if (tag === 'input' && (child.getAttribute('type') || '').toLowerCase() === 'checkbox') {
      out.push({ text: child.hasAttribute('checked') ? '\u2611 ' : '\u2610 ' })
      continue
    }
    // Footnotes. HedgeDoc (markdown-it-footnote): <sup class="footnote-ref">
    // <a>[1]</a></sup>, and at the end <hr class="footnotes-sep"><section
    // class="footnotes"><ol><li class="footnote-item"><p>.. <a
    // class="footnote-backref">. decktype: <sup class="dt-footnote-ref"><a>1</a>
    // and <div class="dt-footnote"><sup>1</sup> <p>..</p></div>. Both
    // become <footnote-ref>LABEL</footnote-ref> and <footnote>..</footnote>.
    if (tag === 'sup' && (classes.includes('footnote-ref') || classes.includes('dt-footnote-ref'))) {
      out.push({ tag: 'footnote-ref', attrs: [], children: [{ text: child.textContent.replace(/^\[|\]$/g, '') }] })
      continue
    }
    if (tag === 'hr' && classes.includes('footnotes-sep')) continue
    if (tag === 'section' && classes.includes('footnotes')) {
      for (const li of child.querySelectorAll('li.footnote-item')) {
        for (const back of li.querySelectorAll('a.footnote-backref')) back.remove()
        out.push({ tag: 'footnote', attrs: [], children: tree(li, Node, side) })
      }
      continue
    }
    if (classes.includes('dt-footnote')) {
      const copy = child.cloneNode(true)
      const label = copy.querySelector(':scope > sup')
      if (label) label.remove()
      out.push({ tag: 'footnote', attrs: [], children: tree(copy, Node, side) })
      continue
    }
    const attrs = []
    const own = classes.filter((c) => !isDtClass(c))
    let otherAttributes = false
    for (const a of child.attributes) {
      const name = a.name.toLowerCase()
      if (name === 'class') continue
      if (name === 'id' && /^(fn|fnref)\d/.test(a.value)) continue
      if (name === 'id' || name === 'style' || name.startsWith('data-') || (KEPT_ATTRIBUTES[tag] || []).includes(name)) {
        otherAttributes = true
      }
    }
    // decktype: its own wrappers (an element with only dt-* classes and no
    // attribute of the deck's, e.g. <div class="dt-html"> around raw HTML
    // blocks) are not in HedgeDoc's page: their children take their place.
    if (classes.length > 0 && own.length === 0 && !otherAttributes && (tag === 'div' || tag === 'span')) {
      out.push(...tree(child, Node, side))
      continue
    }
    if (own.length) {
      // HedgeDoc's task list item class (see the checkbox above).
      let cls = own.filter((c) => c !== 'task-list-item' && c !== 'task-list-item-checkbox')
      // Both: a code block's language class is `rust` in HedgeDoc
      // (langPrefix ''), `language-rust` elsewhere; `hljs` is highlight.js's.
      if (tag === 'code') cls = cls.map((c) => c.replace(/^language-/, '')).filter((c) => c !== 'hljs')
      if (cls.length) attrs.push(['class', [...cls].sort().join(' ')])
    }
    let style = child.getAttribute('style') || ''
    // Both: image sizes. markdown-it-imsize writes width/height attributes,
    // decktype writes them as CSS: both become CSS pixels.
    if (tag === 'img') {
      const size = []
      for (const d of ['width', 'height']) {
        const v = child.getAttribute(d)
        if (v) size.push(`${d}: ${/^\d+$/.test(v) ? v + 'px' : v}`)
      }
      if (size.length) style = [style, ...size].filter(Boolean).join('; ')
    }
    for (const a of [...child.attributes].sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const name = a.name.toLowerCase()
      if (name === 'class' || name === 'style') continue
      if (name === 'id' && /^(fn|fnref)\d/.test(a.value)) continue // footnote ids
      let value = a.value
      if (name === 'href' && /^#fn/.test(value)) continue // footnote links
      // Both: an image's empty alt text is no alt text.
      if (name === 'alt' && value === '') continue
      // decktype prefixes the deck's own ids with `u-` (`id="u-intro"`) so
      // that they cannot clash with its own (slide-1, section-1 ...).
      if (name === 'id' && side === 'decktype') value = value.replace(/^u-/, '')
      if (name === 'id' || name.startsWith('data-') || (KEPT_ATTRIBUTES[tag] || []).includes(name)) {
        if (name === 'checked') value = ''
        attrs.push([name, value])
      }
    }
    if (style) {
      const s = normStyle(style)
      if (s) attrs.push(['style', s])
    }
    attrs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    out.push({ tag, attrs, children: tree(child, Node, side) })
  }
  return out
}

/**
 * Adjacent texts joined, whitespace collapsed (inside <pre> only trailing
 * whitespace is dropped: indentation is content there), empty texts dropped.
 */
function clean (nodes, pre = false) {
  const out = []
  for (const n of nodes) {
    if ('text' in n) {
      const last = out[out.length - 1]
      if (last && 'text' in last) last.text += n.text
      else out.push({ text: n.text })
    } else {
      out.push({ ...n, children: clean(n.children, pre || n.tag === 'pre') })
    }
  }
  const norm = (t) => (pre ? t.replace(/\s+$/, '') : foldTypography(t.replace(/\s+/g, ' ').trim()))
  return out
    .map((n) => ('text' in n ? { text: norm(n.text) } : n))
    .filter((n) => !('text' in n) || n.text !== '')
}

function lines (nodes, depth = 0, acc = []) {
  const pad = '  '.repeat(depth)
  for (const n of nodes) {
    if ('text' in n) {
      acc.push(pad + JSON.stringify(n.text))
    } else {
      const attrs = n.attrs.map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}=${JSON.stringify(v)}`)).join('')
      acc.push(`${pad}<${n.tag}${attrs}>`)
      lines(n.children, depth + 1, acc)
    }
  }
  return acc
}

/** reveal.js's rule for data-background: an image URL or a CSS background. */
function isImageBackground (v) {
  return /^(http|file|\/\/)/i.test(v) || /\.(svg|png|jpg|jpeg|gif|bmp)([?#\s]|$)/i.test(v)
}

/**
 * A slide's attributes from `.slide` comments, canonical: id, class (sorted),
 * style, data-*; backgrounds as `background-color` / `background-image`
 * (the image's URL is not compared: decktype embeds images as data: URIs) and
 * `background-size` / `-position` / `-repeat` / `-opacity`.
 */
function slideAttrs (section, side) {
  const out = {}
  for (const a of section.attributes) {
    const name = a.name.toLowerCase()
    if (OWN_SLIDE_DATA.has(name)) continue
    if (name === 'class') {
      // decktype's own classes (dt-slide ...) are not the deck's.
      const c = a.value.split(/\s+/).filter((c) => c && !isDtClass(c)).sort().join(' ')
      if (c) out.class = c
    } else if (name === 'style') {
      out.style = normStyle(a.value)
    } else if (name === 'id') {
      // decktype's slides have its own ids (slide-N); the deck's is in
      // data-user-id (below).
      if (side === 'hedgedoc') out.id = a.value
    } else if (name === 'data-background' || name === 'data-background-color' || name === 'data-background-image') {
      if (a.value === '') continue
      if (name === 'data-background-image' || (name === 'data-background' && isImageBackground(a.value))) {
        out['background-image'] = 'image'
      } else {
        out['background-color'] = a.value.trim().toLowerCase()
      }
    } else if (/^data-background-(size|position|repeat|opacity)$/.test(name)) {
      out[name.slice(5)] = a.value.trim()
    } else if (name.startsWith('data-')) {
      out[name] = a.value
    }
    // Other attributes: reveal.js sets any attribute a `.slide` comment
    // names (onclick too); decktype keeps only id, class, style and data-*
    // (DT009). Not compared.
  }
  if (side === 'decktype') {
    // decktype namespaces the deck's own slide id (`id="green"` becomes
    // data-user-id="u-green") so that it cannot clash with its slide-N ids.
    const user = section.getAttribute('data-user-id')
    if (user) out.id = user.replace(/^u-/, '')
    // decktype draws the background in <div class="dt-bg"> (when the slide
    // does not carry reveal.js's data-background attributes itself). A
    // dt-bg without colour or image is a background image decktype could
    // not embed (remote, offline: DT050).
    const bg = section.querySelector(':scope > .dt-bg, :scope > * > .dt-bg')
    if (bg && !('background-color' in out) && !('background-image' in out)) {
      const style = normStyle(bg.getAttribute('style') || '')
      const decl = Object.fromEntries(style.split('; ').filter(Boolean).map((d) => d.split(': ')))
      const colour = decl['background-color'] || decl.background
      if (colour && !/url\(/.test(colour)) out['background-color'] = colour.toLowerCase()
      if ((decl['background-image'] && decl['background-image'] !== 'none') || !colour) out['background-image'] = 'image'
      for (const [k, v] of [['background-size', 'background-size'], ['background-position', 'background-position'], ['background-repeat', 'background-repeat'], ['opacity', 'background-opacity']]) {
        if (decl[k] && !(v in out)) out[v] = decl[k]
      }
    }
  }
  return out
}

function sortedObject (o) {
  return Object.fromEntries(Object.entries(o).sort())
}

/** HedgeDoc's slides, normalised. */
export function hedgedocSlides (text) {
  const { Node, slides } = renderHedgeDoc(text)
  return slides.map(({ h, v, section }) => {
    const notes = section.querySelector('aside.notes')
    return {
      h,
      v,
      attrs: sortedObject(slideAttrs(section, 'hedgedoc')),
      content: lines(clean(tree(section, Node, 'hedgedoc'))),
      notes: notes ? lines(clean(tree(notes, Node, 'hedgedoc'))) : []
    }
  })
}

/**
 * decktype's slides, normalised. The page structure around the slides is
 * decktype's own and may change: a slide is any `section[data-index]`
 * (in data-index order), its content the `.dt-content` inside it (else the
 * section itself), its notes the `aside.notes` inside it or the `aside`
 * whose `data-for` is the slide's id.
 */
export function decktypeSlides (html) {
  const dom = new JSDOM(html)
  const { document, Node } = dom.window
  const sections = [...document.querySelectorAll('section[data-index]')]
  sections.sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
  return sections.map((section) => {
    const content = section.querySelector(':scope > .dt-content') || section.querySelector('.dt-content') || section
    // The notes: an <aside class="notes"> in the slide, or an <aside>
    // elsewhere that names the slide (`data-for="slide-N"`).
    const id = section.getAttribute('id')
    const notes = section.querySelector('aside.notes') ||
      (id ? [...document.querySelectorAll('aside[data-for]')].find((a) => a.getAttribute('data-for') === id) : null)
    return {
      h: Number(section.getAttribute('data-h')),
      v: Number(section.getAttribute('data-v')),
      attrs: sortedObject(slideAttrs(section, 'decktype')),
      content: lines(clean(tree(content, Node, 'decktype'))),
      notes: notes ? lines(clean(tree(notes, Node, 'decktype'))) : []
    }
  })
}

// ------------------------------------------------------------------- main

function main () {
  const [mode, file] = process.argv.slice(2)
  if (mode === 'hedgedoc') {
    process.stdout.write(JSON.stringify(hedgedocSlides(readFileSync(file, 'utf8')), null, 1) + '\n')
  } else if (mode === 'decktype') {
    process.stdout.write(JSON.stringify(decktypeSlides(readFileSync(file, 'utf8')), null, 1) + '\n')
  } else if (mode === 'raw') {
    const { slides } = renderHedgeDoc(readFileSync(file, 'utf8'))
    for (const { h, v, section } of slides) {
      process.stdout.write(`=== slide ${h}/${v} ${section.outerHTML.slice(0, section.outerHTML.indexOf('>') + 1)}\n${section.innerHTML}\n`)
    }
  } else if (mode === 'batch') {
    const jobs = JSON.parse(readFileSync(0, 'utf8'))
    const out = jobs.map((job) => ({
      deck: job.deck,
      hedgedoc: hedgedocSlides(readFileSync(job.deck, 'utf8')),
      decktype: decktypeSlides(readFileSync(job.html, 'utf8'))
    }))
    process.stdout.write(JSON.stringify(out) + '\n')
  } else {
    process.stderr.write('usage: render.mjs hedgedoc DECK.md | decktype EXPORT.html | raw DECK.md | batch < jobs.json\n')
    process.exit(2)
  }
}

main()
