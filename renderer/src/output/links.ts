// A click on a link in an output never navigates the notebook's tab. The sanitiser already gives links
// target=_blank (rich.ts); this catches every link it could miss, inside shadow roots too (composedPath), and
// opens http(s) links in a new tab without access to the notebook (Electron hands those to the system browser).
// Other schemes open nowhere; a link within the page (#section) stays in it.

function linkOf(element: Element): string | null {
  const tag = element.localName;
  if (tag !== "a" && tag !== "area") return null;
  return element.getAttribute("href") ?? element.getAttribute("xlink:href");
}

export function openLinksOutside(event: MouseEvent): void {
  for (const target of event.composedPath()) {
    if (!(target instanceof Element)) continue;
    const href = linkOf(target);
    if (href === null) continue;
    if (href.startsWith("#")) return;
    event.preventDefault();
    let url: URL;
    try {
      url = new URL(href, document.baseURI);
    } catch {
      return;
    }
    if (url.protocol === "http:" || url.protocol === "https:") window.open(url.href, "_blank", "noopener,noreferrer");
    return;
  }
}
