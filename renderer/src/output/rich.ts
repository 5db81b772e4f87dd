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

// Links open outside the notebook (Electron hands http(s) to the system browser; the page itself never navigates).
DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.getAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(markdown.render(source), { USE_PROFILES: { html: true, svg: true, mathMl: true } });
}

export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true, svg: true } });
}

export function sanitizeSvg(svg: string): string {
  return DOMPurify.sanitize(svg, { USE_PROFILES: { svg: true, svgFilters: true } });
}

const ansi = new AnsiUp();
ansi.use_classes = true;

/** Terminal text with ANSI colour codes as HTML (escaped; colours as classes so the themes choose them). */
export function ansiToHtml(text: string): string {
  // ansi_up keeps state between calls (an unterminated colour carries over); each block starts clean.
  ansi.ansi_to_html("\u001b[0m");
  return ansi.ansi_to_html(text);
}

export function hasAnsi(text: string): boolean {
  return text.includes("\u001b[");
}
