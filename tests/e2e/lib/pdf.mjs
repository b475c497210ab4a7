// The text of each page of a PDF, as pdf.js (Mozilla's PDF reader) extracts it: for checking
// what a printed report holds page by page.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** The text of every page of `pdf` (a Buffer), one string per page, its runs joined by spaces. */
export async function pageTexts(pdf) {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const pages = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const content = await (await document.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => item.str).join(" ").replace(/\s+/g, " "));
  }
  await document.destroy();
  return pages;
}
