// Turning untrusted text into safe HTML: Markdown (with KaTeX math), ANSI-coloured terminal text, HTML and SVG
// display data. Everything that becomes markup goes through DOMPurify; nothing a notebook carries can run script.

import MarkdownIt from "markdown-it";
import markdownItKatex from "@vscode/markdown-it-katex";
import DOMPurify from "dompurify";
import { AnsiUp } from "ansi_up";

const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false });
// The plugin is CommonJS; depending on interop its function is the module or its default export.
const katexPlugin = ((markdownItKatex as unknown as { default?: unknown }).default ?? markdownItKatex) as (
  md: InstanceType<typeof MarkdownIt>,
  options: { throwOnError: boolean },
) => void;
markdown.use(katexPlugin, { throwOnError: false });

// Links open outside the notebook, never in its own tab: in a new tab without access to the notebook (the
// browser), in the system browser (Electron hands http(s) to it). HTML's <a> and <area> and SVG's <a> (whose
// tagName is lower case) all link; a link within the page (#section) stays in it.
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  const tag = node.tagName.toLowerCase();
  if (tag !== "a" && tag !== "area") return;
  const href = node.getAttribute("href") ?? node.getAttribute("xlink:href");
  if (href === null || href.startsWith("#")) return;
  node.setAttribute("target", "_blank");
  node.setAttribute("rel", "noopener noreferrer");
});

/**
 * Markdown (cells and text/markdown outputs) goes into the app's own document, so it may not bring <style>: a
 * style sheet there would restyle the whole app. Markdown has no need of one.
 */
export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(markdown.render(source), { USE_PROFILES: { html: true, svg: true, mathMl: true }, FORBID_TAGS: ["style"] });
}

// HTML and SVG outputs keep their <style>: styled tables (pandas' Styler) and SVG need them. They are shown in a
// shadow root of their own (output/isolated.ts), where a style sheet styles only that output. FORCE_BODY keeps a
// <style> that comes first, which the HTML parser would otherwise move to the head and DOMPurify drop.
export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true, svg: true }, FORCE_BODY: true });
}

export function sanitizeSvg(svg: string): string {
  return DOMPurify.sanitize(svg, { USE_PROFILES: { svg: true, svgFilters: true }, FORCE_BODY: true });
}

const ansi = new AnsiUp();
ansi.use_classes = true;

/**
 * Terminal text with ANSI colour codes as HTML (escaped; colours as classes so the themes choose them). ansi_up
 * turns terminal hyperlinks (OSC 8) into plain <a href> for http(s) only; DOMPurify's hook above makes them open
 * outside the notebook like every other link.
 */
export function ansiToHtml(text: string): string {
  // ansi_up keeps state between calls (an unterminated colour carries over); each block starts clean.
  ansi.ansi_to_html("\u001b[0m");
  return DOMPurify.sanitize(ansi.ansi_to_html(text), { ALLOWED_TAGS: ["span", "a"], ALLOWED_ATTR: ["class", "style", "href"] });
}

/** Whether the text holds terminal escapes: colours (ESC [) or hyperlinks (ESC ]). */
export function hasAnsi(text: string): boolean {
  return text.includes("\u001b");
}
